"""The network map pages: editor, drawing together with the citizen, history, compare, restore,
exports and import. Every view goes through the policy and writes the access log first
(`citizen_view`); readers under a consent get the shared copy."""

import math
import xml.etree.ElementTree as ET

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from omkreds.access import log, policy
from omkreds.access.decorators import citizen_view, reach_of
from omkreds.access.policy import Action
from omkreds.citizens.models import CaseTeamMember
from omkreds.lib.replica import reads_from_replica
from omkreds.networks import map_photos, marks, present, present_figures, sectors
from omkreds.networks.agreed.forms import agreement_context
from omkreds.networks.agreed.services import agreements_of, default_pair
from omkreds.networks.api import export_response
from omkreds.networks.diff import diff_documents
from omkreds.networks.forms import (
    CompareForm,
    ContactPanelForm,
    QuickAddForm,
    RestoreForm,
    TiePanelForm,
)
from omkreds.networks.geometry import Frame, fmt, ring_index
from omkreds.networks.models import MapVersion
from omkreds.networks.render import RenderOptions, render_svg
from omkreds.networks.scans.present import scans_context, scans_entry
from omkreds.networks.scans.services import scans_of
from omkreds.networks.schema import DocumentInvalid, MapDocument
from omkreds.networks.services import MapConflict, map_latest, map_latest_number, map_restore
from omkreds.networks.sittings import sittings

# Opening questions for drawing the map with the citizen: seed 000 (Swedish routine) and seeds
# 001 and 004 Bilag 8 (Danish). The seed's wording is kept in its own language; the other
# languages get a translation.
QUESTIONS = [
    ("sv", "Vem har du bäst kontakt med just nu?", gettext_lazy("Who are you in closest contact with right now?")),
    ("sv", "Till vem brukar du vända dig när du behöver stöd?", gettext_lazy("Who do you usually turn to when you need support?")),
    ("sv", "Vem brukar be dig om stöd?", gettext_lazy("Who usually asks you for support?")),
    ("sv", "Vem brukar du träffa vid högtider?", gettext_lazy("Who do you usually see on holidays and special occasions?")),
    ("sv", "Vill du umgås mer eller mindre med någon?", gettext_lazy("Would you like to spend more or less time with someone?")),
    ("sv", "Finns det någon som du vill skapa relation till?", gettext_lazy("Is there someone you would like to build a relationship with?")),
    ("da", "Hvilke vigtige personer findes i dit liv?", gettext_lazy("Which important people are there in your life?")),
    ("da", "Hvem er en del af dit liv lige nu?", gettext_lazy("Who is part of your life right now?")),
    ("da", "Hvem kender til, hvordan du har det?", gettext_lazy("Who knows how you are doing?")),
    ("da", "Hvem ved noget om dit liv?", gettext_lazy("Who knows something about your life?")),
    ("da", "Hvem kan du tale med eller få hjælp fra?", gettext_lazy("Who can you talk to or get help from?")),
    ("da", "Hvem af dem skal med til møderne?", gettext_lazy("Which of them should come to the meetings?")),
]  # fmt: skip


def opening_questions() -> list[tuple[str, str]]:
    """(text, language) in the active language; the seed's own wording where it matches."""
    language = (get_language() or "en")[:2]
    return [
        (original, lang) if lang == language else (str(translated), language)
        for lang, original, translated in QUESTIONS
    ]


def _document_and_version(citizen):
    latest = map_latest(citizen=citizen)
    if latest is not None:
        return latest.parsed(), latest
    # A new map uses the set of the organisation's language: Swedish themes or Danish fields.
    key = (
        sectors.SE_TEMAN.key
        if citizen.organisation.default_language == "sv"
        else sectors.DEFAULT_KEY
    )
    return MapDocument(sector_set=key), None


def _sector_set_json(sector_set, rings: int) -> dict:
    return {
        "key": sector_set.key if sector_set else "",
        "rings": rings,
        "sectors": [
            {"key": s.key, "label": s.label(), "colour": s.colour, "professional": s.professional}
            for s in (sector_set.sectors if sector_set else ())
        ],
    }


def _contact_rows(document: MapDocument, sector_set):
    rows = []
    for contact in document.contacts:
        sector = sector_set.sector(contact.sector) if sector_set else None
        rows.append(
            {
                "contact": contact,
                "sector": sector.label() if sector else contact.sector,
                "ring": ring_index(contact.closeness, document.rings) + 1,
            }
        )
    return rows


def _editor_strings() -> dict[str, str]:
    # Sentences the editor script shows and announces; %(name)s is filled in by the script.
    return {
        "added": _("%(name)s was added."),
        "removed": _("%(name)s was removed. Press Ctrl+Z to undo."),
        "moved": _("%(name)s: %(sector)s, ring %(ring)s."),
        "closer": _("%(name)s moved closer: ring %(ring)s."),
        "away": _("%(name)s moved further away: ring %(ring)s."),
        "around": _("%(name)s moved to %(sector)s."),
        "changed": _("%(name)s was changed."),
        "tieStart": _("Line from %(name)s: choose the other person and press T, or Escape."),
        "tieDone": _("A line was drawn between %(a)s and %(b)s."),
        "tieRemoved": _("The line between %(a)s and %(b)s was removed."),
        "tieExists": _("%(a)s and %(b)s are already joined; the line was selected."),
        "tieCancel": _("No line was drawn."),
        "undo": _("Undone: %(what)s"),
        "redo": _("Redone: %(what)s"),
        "nothingUndo": _("Nothing to undo."),
        "nothingRedo": _("Nothing to redo."),
        "saving": _("Saving…"),
        "saved": _("Saved as version %(number)s."),
        "asSaved": _("As saved in version %(number)s."),
        "unsaved": _("Changes not saved yet."),
        "saveFailed": _("The map could not be saved: %(detail)s"),
        "offline": _("The map could not be saved. Your changes are kept here; retrying."),
        "conflict": _("Someone else saved the map while you were working."),
        "invalid": _("The map was not saved. Correct the problems and save again."),
        "selected": _(
            "%(name)s selected. Arrow keys move, Enter edits, T draws a line, Delete removes."
        ),
        "contactLabel": _("%(name)s, %(sector)s, ring %(ring)s, relation %(valence)s"),
        "wantsCloser": _("wants to be closer"),
        "wantsAway": _("wants more distance"),
        "relation": _("relation"),
        "newPerson": _("New person"),
        "noName": _("Give the person a name."),
        "appliedMine": _("Your changes were applied on top of the latest version."),
        "tookTheirs": _("Your changes were dropped; showing the latest version."),
        "undoButton": _("Undo"),
        "deleted": _("deleted"),
        "line": _("line"),
    }


def _valence_labels() -> dict[str, str]:
    from omkreds.networks.schema import ContactType, Trend, Valence

    return {
        "valence": {v.value: str(v.label) for v in Valence},
        "trend": {t.value: str(t.label) for t in Trend},
        "type": {t.value: str(t.label) for t in ContactType},
    }


def _editor_page(request, citizen, *, together: bool):
    editable = reach_of(request, citizen).allows(Action.EDIT_MAP)
    copy = present.copy_for(reach_of(request, citizen), citizen)
    shared = copy.shared
    document, version = _document_and_version(citizen)
    sector_set = present.sector_set_of(document, citizen)
    shown = copy.show(document)
    # Photos through the authorised photo view; none of a safety-marked person for others.
    photos = map_photos.photo_urls(
        citizen=citizen, keys=(copy.printed() if together else copy).photo_keys(document)
    )
    svg = render_svg(
        shown,
        sector_set,
        citizen.name,
        RenderOptions(shared=shared or together, legend=not together, photos=photos),
    )
    context = {
        "citizen": citizen,
        "svg": svg,
        "version": version,
        "editable": editable,
        "together": together,
        "shared": shared,
        "rows": _contact_rows(shown, sector_set),
        "export_formats": present.export_formats(),
        "figures": present_figures.figures_of(shown, citizen, present.case_copy(citizen))[1],
    }
    if editable:
        frame = Frame()
        team = (
            CaseTeamMember.objects.current()
            .filter(citizen=citizen)
            .select_related("user")
            .order_by("user__full_name")
        )
        context.update(
            quick_form=QuickAddForm(sector_set=sector_set, prefix="add"),
            panel_form=ContactPanelForm(
                sector_set=sector_set, together=together, rings=document.rings
            ),
            tie_form=TiePanelForm(together=together),
            team=team,
            questions=opening_questions() if together else [],
            map_document=document.model_dump(mode="json"),
            map_config={
                "citizenLabel": citizen.name,
                "version": version.number if version else None,
                "latestUrl": reverse("api:networks_map_latest", kwargs={"citizen_id": citizen.pk}),
                "saveUrl": reverse("api:networks_map_save", kwargs={"citizen_id": citizen.pk}),
                "figuresUrl": reverse(
                    "api:networks_map_figures", kwargs={"citizen_id": citizen.pk}
                ),
                "together": together,
                "sectorSet": _sector_set_json(sector_set, document.rings),
                "frame": {"cx": frame.cx, "cy": frame.cy, "r0": frame.r0, "radius": frame.radius},
                "strings": _editor_strings(),
                "labels": _valence_labels(),
                "marks": marks.editor_config(),
                "team": [{"name": m.user.full_name, "role": m.get_role_display()} for m in team],
                "photoUrl": map_photos.photo_url_template(citizen),
                "photoKeys": sorted(photos),
                "photoPlaceholder": map_photos.KEY_PLACEHOLDER,
            },
        )
    template = "networks/editor.html" if editable else "networks/readonly.html"
    return render(request, template, context)


@require_GET
@citizen_view(Action.VIEW_MAP)
def editor(request, citizen):
    return _editor_page(request, citizen, together=False)


@require_GET
@citizen_view(Action.EDIT_MAP)
def together(request, citizen):
    return _editor_page(request, citizen, together=True)


@require_GET
@citizen_view(Action.VIEW_MAP)
def history(request, citizen):
    versions = list(MapVersion.objects.filter(map__citizen=citizen).history())
    present.copy_for(reach_of(request, citizen), citizen).read_notes(versions)
    numbers = [v.number for v in versions]
    agreed = agreements_of(citizen)
    for each in versions:
        each.agreed_mark = agreed.get(each.number)
    initial = default_pair(numbers, agreed)
    return render(
        request,
        "networks/history.html",
        {
            "citizen": citizen,
            "versions": versions,
            "sittings": sittings(versions),
            "latest_number": numbers[0] if numbers else None,
            "editable": reach_of(request, citizen).allows(Action.EDIT_MAP),
            "compare_form": CompareForm(initial=initial, numbers=numbers, agreed=agreed)
            if initial
            else None,
            "restore_form": RestoreForm(),
        },
    )


@require_GET
@citizen_view(Action.VIEW_MAP)
@reads_from_replica
def figures(request, citizen):
    copy = present.copy_for(reach_of(request, citizen), citizen)
    document, version = _document_and_version(citizen)
    return render(
        request,
        "networks/figures.html",
        {
            "citizen": citizen,
            "version": version,
            "editable": reach_of(request, citizen).allows(Action.EDIT_MAP),
            "figures": present_figures.figures_of(document, citizen, copy)[1],
            **_over_time(request, citizen, copy),
        },
    )


def _over_time(request, citizen, copy: present.MapCopy) -> dict:
    """Over time shows the versions agreed with the citizen when there are any, unless the
    reader asks for every version (?versions=all)."""
    agreed = agreements_of(citizen)
    only_agreed = bool(agreed) and request.GET.get("versions") != "all"
    return {
        "over_time": present_figures.over_time(
            citizen, copy, agreed=agreed if only_agreed else None
        ),
        "any_agreed": bool(agreed),
        "only_agreed": only_agreed,
    }


def _version_or_404(citizen, number) -> MapVersion:
    return get_object_or_404(
        MapVersion.objects.select_related("author").defer("document"),
        map__citizen=citizen,
        number=number,
    )


def _version_photos(citizen, chosen: MapVersion, copy: present.MapCopy, *, is_latest: bool) -> dict:
    """Photo key -> address of the authorised photo view, for the people of this version whose
    photo the user may see and that is still stored (at most two queries, however many photos).

    Judged on the whole version, before safety-marked people are left out, as the editor does.
    A reader under a consent gets, from an old version, only the photos the photo view would
    give them today: of people on the latest shared copy (never of someone safety-marked since).
    """
    keys = copy.photo_keys(chosen.parsed())
    if copy.shared and keys and not is_latest:
        latest = map_latest(citizen=citizen)
        keys &= copy.photo_keys(latest.parsed()) if latest else set()
    return map_photos.photo_urls(citizen=citizen, keys=keys)


@require_GET
@citizen_view(Action.VIEW_MAP)
def version(request, citizen, number):
    return version_page(request, citizen, number)


def version_page(request, citizen, number, *, agree_form=None, scan_form=None, status=200):
    """The version page; `agree_form` a refused "agreed with the citizen" form, `scan_form` a
    refused scan, to show again."""
    chosen = _version_or_404(citizen, number)
    copy = present.copy_for(reach_of(request, citizen), citizen)
    copy.read_notes([chosen])
    shared = copy.shared
    document = copy.show(chosen.parsed())
    sector_set = present.sector_set_of(document, citizen)
    latest_number = map_latest_number(citizen)
    is_latest = chosen.number == latest_number
    photos = _version_photos(citizen, chosen, copy, is_latest=is_latest)
    context = {
        "citizen": citizen,
        "version": chosen,
        "svg": render_svg(
            document, sector_set, citizen.name, RenderOptions(shared=shared, photos=photos)
        ),
        "rows": _contact_rows(document, sector_set),
        "export_formats": present.export_formats(),
        "editable": reach_of(request, citizen).allows(Action.EDIT_MAP),
        "restore_form": RestoreForm(),
        "is_latest": is_latest,
    }
    context.update(agreement_context(chosen, latest_number, agree_form))
    context.update(
        scans_context(
            citizen, chosen, shared=shared, editable=context["editable"], scan_form=scan_form
        )
    )
    return render(request, "networks/version.html", context, status=status)


def _movement_overlay(svg: str, old: MapDocument, new: MapDocument, diff) -> str:
    """Arrows from where people were to where they are now, drawn over the newer map."""
    frame = Frame()
    before = {c.id: c for c in old.contacts}
    layer = ET.Element("g", {"class": "movement", "aria-hidden": "true"})
    for change, colour in [(c, "#0969da") for c in diff.moved_closer] + [
        (c, "#bc4c00") for c in diff.moved_away
    ]:
        previous = before.get(change.contact.id)
        if previous is None:
            continue
        x1, y1 = frame.to_xy(previous.closeness, previous.angle)
        x2, y2 = frame.to_xy(change.contact.closeness, change.contact.angle)
        length = math.hypot(x2 - x1, y2 - y1)
        if length < 20:
            continue
        # Stop short of the person's disc so that the arrowhead stays visible.
        x2, y2 = x2 - (x2 - x1) * 18 / length, y2 - (y2 - y1) * 18 / length
        ET.SubElement(
            layer,
            "line",
            {
                "class": "movement-arrow",
                "x1": fmt(x1),
                "y1": fmt(y1),
                "x2": fmt(x2),
                "y2": fmt(y2),
                "stroke": colour,
                "stroke-width": "3",
                "stroke-dasharray": "6 4",
                "marker-end": "url(#cmp-arrow-legend)",
            },
        )
        ET.SubElement(
            layer,
            "circle",
            {
                "cx": fmt(x1),
                "cy": fmt(y1),
                "r": "10",
                "fill": "none",
                "stroke": colour,
                "stroke-dasharray": "3 3",
            },
        )
    if not len(layer):
        return svg
    return svg.removesuffix("</svg>") + ET.tostring(layer, encoding="unicode") + "</svg>"


@require_GET
@citizen_view(Action.VIEW_MAP)
def compare(request, citizen):
    numbers = list(
        MapVersion.objects.filter(map__citizen=citizen)
        .order_by("-number")
        .values_list("number", flat=True)
    )
    data = request.GET if "a" in request.GET or "b" in request.GET else None
    agreed = agreements_of(citizen)
    initial = default_pair(numbers, agreed)
    form = CompareForm(data, initial=initial, numbers=numbers, agreed=agreed)
    context = {"citizen": citizen, "form": form, "enough": len(numbers) > 1}
    if data is None and initial:
        a, b = initial["a"], initial["b"]
    elif data is not None and form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
    else:
        return render(request, "networks/compare.html", context)
    versions = {
        v.number: v
        for v in MapVersion.objects.filter(map__citizen=citizen, number__in=[a, b])
        .select_related("author")
        .defer("document")
    }
    copy = present.copy_for(reach_of(request, citizen), citizen)
    shared = copy.shared
    scans = {} if shared else scans_of(citizen, [a, b])
    for number, each in versions.items():
        each.agreed_mark = agreed.get(number)
        each.paper = scans_entry(citizen, each, scans.get(number, []), editable=False)["scans"]
    old = copy.show(versions[a].parsed())
    new = copy.show(versions[b].parsed())
    sector_set = present.sector_set_of(new, citizen)
    diff = diff_documents(old, new)
    names = {c.id: c.name for c in [*old.contacts, *new.contacts]}
    # Version b is drawn, with its people's photos (numbers[0] is the latest).
    photos = _version_photos(citizen, versions[b], copy, is_latest=b == numbers[0])
    svg = render_svg(
        new,
        sector_set,
        citizen.name,
        RenderOptions(shared=shared, id_prefix="cmp-", photos=photos),
    )
    context.update(
        a=versions[a],
        b=versions[b],
        pair=[versions[a], versions[b]],
        diff=diff,
        lines=present.diff_lines(diff, sector_set, names),
        svg=_movement_overlay(svg, old, new, diff),
    )
    return render(request, "networks/compare.html", context)


@require_POST
@citizen_view(Action.EDIT_MAP)
def restore(request, citizen, number):
    _version_or_404(citizen, number)
    form = RestoreForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    # Without a note the history says "restored from version N" once, from `restored_from`.
    try:
        restored = map_restore(citizen=citizen, author=request.user, number=number, note=note)
    except MapConflict:
        messages.error(request, _("Someone saved the map at the same moment. Try again."))
    except DocumentInvalid:
        messages.error(request, _("This version can no longer be restored."))
    else:
        messages.success(
            request,
            _("Version %(old)d was restored as version %(new)d.")
            % {"old": number, "new": restored.number},
        )
    return redirect("networks:history", citizen.pk)


@require_GET
@login_required
def export(request, citizen_id, fmt):
    citizen, reach = policy.resolve(request.user, citizen_id, Action.VIEW_MAP)
    if fmt not in present.export_formats():
        raise Http404
    number = request.GET.get("version")
    try:
        number = int(number) if number else None
    except ValueError:
        raise Http404 from None
    log.record(
        request,
        citizen_id=citizen.pk,
        action=Action.VIEW_MAP,
        object_type="map_export",
        object_id=fmt,
    )
    return export_response(citizen, fmt, number, present.copy_for(reach, citizen))
