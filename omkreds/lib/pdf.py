"""PDF from a Django template through WeasyPrint, in a given language.

The HTML must hold everything it needs inline (styles in the template, images as data URIs):
the fetcher allows data URIs only, so rendering never reaches the network or the file system.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML, URLFetcher


def render_document(template: str, context: dict, *, language: str | None = None):
    """The laid-out pages (a WeasyPrint `Document`), to write or to merge with others."""
    language = language or translation.get_language() or "en"
    with translation.override(language):
        html = render_to_string(
            template, {**context, "language": language, "printed_on": timezone.localdate()}
        )
        fetcher = URLFetcher(allowed_protocols=["data"], fail_on_errors=False)
        return HTML(string=html, url_fetcher=fetcher).render()


def render_pdf(template: str, context: dict, *, language: str | None = None) -> bytes:
    return render_document(template, context, language=language).write_pdf()


def merge(documents) -> bytes:
    """One PDF of the pages of several laid-out documents, in order (a print pack)."""
    documents = list(documents)
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
