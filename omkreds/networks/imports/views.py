"""The import pages: upload, preview with a mapping, save, cancel.

Every view goes through `citizen_view` (the policy decides, the access log is written first).
The upload answers with the preview directly; changing the mapping posts it again to the
preview; the same form's "Import" button posts it to `save`, which saves only if the mapping
is the one the worker last saw previewed.
"""

import gc
from contextlib import contextmanager
from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omkreds.access.decorators import citizen_view
from omkreds.access.policy import Action
from omkreds.networks.imports import services
from omkreds.networks.imports.forms import ConfirmForm, MappingForm, UploadForm
from omkreds.networks.imports.mapping import guess
from omkreds.networks.imports.models import ImportDraft
from omkreds.networks.render import RenderOptions, render_svg
from omkreds.networks.schema import DocumentInvalid
from omkreds.networks.services import MapConflict


@contextmanager
def _collector_paused():
    """Reading and mapping a file of hundreds of people makes a few hundred thousand objects
    without reference cycles, all freed by reference counting when the request ends. Python's
    cycle collector would walk the whole heap several times on the way (a quarter of the
    request's time); it is paused meanwhile and runs again at the end if it is due."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _without_cycle_collection(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        with _collector_paused():
            return view(*args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_MAP)
@_without_cycle_collection
def upload(request, citizen):
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems: list[str] = []
    if posted and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            draft = services.draft_create(
                citizen=citizen,
                author=request.user,
                file_name=upload_file.name,
                raw=upload_file.read(),
            )
        except DocumentInvalid as exc:
            problems = [problem.message for problem in exc.problems]
        else:
            return _preview_page(request, citizen, draft, data=None)
    return render(
        request,
        "networks/import.html",
        {"citizen": citizen, "form": form, "problems": problems, "editable": True},
    )


def _draft(request, citizen, draft_id) -> ImportDraft:
    draft = (
        ImportDraft.objects.live()
        # Whoever may edit this citizen's map (the policy said so) may finish the import.
        .filter(pk=draft_id, citizen=citizen)
        .select_related("citizen__organisation")
        .first()
    )
    if draft is None:
        raise Http404
    return draft


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_MAP)
@_without_cycle_collection
def preview(request, citizen, draft_id):
    draft = _draft(request, citizen, draft_id)
    return _preview_page(request, citizen, draft, data=request.POST or None)


@require_POST
@citizen_view(Action.EDIT_MAP)
@_without_cycle_collection
def save(request, citizen, draft_id):
    draft = _draft(request, citizen, draft_id)
    source = services.draft_source(draft)
    mapping = None
    if source is not None:
        sector_set, rings = services.target(citizen=citizen)
        form = MappingForm(request.POST, source=source, sector_set=sector_set, rings=rings)
        if not form.is_valid():
            return _preview_page(request, citizen, draft, data=request.POST)
        mapping = form.mapping()
        if mapping.fingerprint() != request.POST.get("previewed"):
            # The worker changed the mapping after the preview: show what it gives first.
            return _preview_page(
                request,
                citizen,
                draft,
                data=request.POST,
                notice=_("The mapping changed since the preview. Check it, then import."),
            )
    confirm = ConfirmForm(request.POST)
    note = confirm.cleaned_data["note"] if confirm.is_valid() else ""
    try:
        version = services.draft_save(draft=draft, author=request.user, mapping=mapping, note=note)
    except DocumentInvalid:
        return _preview_page(request, citizen, draft, data=request.POST)
    except MapConflict:
        return _preview_page(
            request,
            citizen,
            draft,
            data=request.POST,
            notice=_(
                "Someone saved the map after you uploaded the file. Importing replaces their "
                "version too (it stays in the history); import again to do so."
            ),
        )
    messages.success(
        request, _("The file was imported as version %(number)d.") % {"number": version.number}
    )
    return redirect("networks:editor", citizen.pk)


@require_POST
@citizen_view(Action.EDIT_MAP)
def cancel(request, citizen, draft_id):
    ImportDraft.objects.filter(pk=draft_id, citizen=citizen).delete()
    messages.info(request, _("The import was cancelled; nothing was saved."))
    return redirect("networks:import", citizen.pk)


def _preview_page(request, citizen, draft, *, data, notice: str = ""):
    source = services.draft_source(draft)
    form = None
    mapping = None
    sector_set, rings = drawn_with = services.target(citizen=citizen)
    if source is not None:
        form = MappingForm(data, source=source, sector_set=sector_set, rings=rings)
        mapping = form.mapping() if data is not None and form.is_valid() else None
        if data is None:
            mapping = guess(source, sector_set, rings)
    preview = services.draft_preview(
        draft=draft, mapping=mapping, source=source, drawn_with=drawn_with
    )
    svg = ""
    if preview.document is not None:
        svg = render_svg(
            preview.document,
            preview.sector_set,
            citizen.name,
            RenderOptions(id_prefix="imp-"),
        )
    people = len(preview.document.contacts) if preview.document else 0
    ties = len(preview.document.ties) if preview.document else 0
    network = source.networks[mapping.network] if source and mapping else None
    problems = list(preview.problems)
    if form is not None and data is not None and not form.is_valid():
        problems.append(_("Check the mapping: a choice is missing or not one of the options."))
    return render(
        request,
        "networks/import_preview.html",
        {
            "citizen": citizen,
            "editable": True,
            "draft": draft,
            "form": form,
            "confirm_form": ConfirmForm(),
            "preview": preview,
            "svg": svg,
            "people": people,
            "ties": ties,
            "fingerprint": mapping.fingerprint() if mapping else "",
            # Graph data is ego data in Network Canvas files (and files of several networks).
            "ego": network.ego
            if network
            and (len(source.networks) > 1 or any(k.startswith("nc:") for k in network.ego))
            else {},
            "notice": notice,
            "problems": problems,
        },
    )
