"""Importing network maps made elsewhere (issue 19).

A file goes through three steps, none of which saves anything until the last:

1. `sources.read_upload` reads the bytes (GraphML, GEXF, CSV, XLSX, or our own GraphML/JSON)
   into a neutral `Source`: people with their attributes, lines, and for Network Canvas files
   each ego network. Every XML parser has defusedxml in front of it; refusals are
   `DocumentInvalid` with one plain message.
2. `mapping.build` turns a `Source` and the worker's `Mapping` (which attribute gives the name,
   the sector, the closeness …) into a map document, with what was dropped and why, and with
   problems that name the person and the field.
3. The views (`views.py`) keep the read source in an `ImportDraft` row between requests, show
   the preview, and save a new version only when the worker confirms.
"""
