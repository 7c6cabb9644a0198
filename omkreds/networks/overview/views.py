"""The network overview pages: the table, a person's overview fields, photos, exports and the
organisation's directory of professionals.

Every page asks the policy and writes the access-log row before it shows citizen data
(`citizen_view`, or `log.record` where the logged object is more specific). Readers under a
consent see the shareable copy, read only.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkreds.access import log, policy
from omkreds.access.decorators import citizen_view, reach_of
from omkreds.access.models import Consent, Part
from omkreds.access.policy import Action, OrgAction
from omkreds.networks import present
from omkreds.networks.models_overview import ContactPhoto, DirectoryEntry
from omkreds.networks.overview import exports, services
from omkreds.networks.overview.forms import (
    CellForm,
    ContactForm,
    DirectoryEntryForm,
    PhotoForm,
    PickForm,
    entry_values,
)
from omkreds.networks.overview.photos import PhotoRejected
from omkreds.networks.schema import ID_PATTERN, MapDocument, Role
from omkreds.networks.services import MapConflict, map_latest


def _filter_choices():
    return [
        ("all", _("Everyone")),
        ("private", _("Private network")),
        ("professional", _("Professionals")),
        ("active", _("Already active")),
        ("team", _("Team members")),
    ]


def _sort_choices():
    return [("sector", _("Sector")), ("role", _("Role")), ("closeness", _("Closeness"))]


def _current(request, citizen):
    """(latest version, the document this user may see, shared?)."""
    latest = map_latest(citizen=citizen)
    document = latest.parsed() if latest else MapDocument()
    shared = present.shared_copy(reach_of(request, citizen))
    if shared:
        document = services.shareable(document)
    return latest, document, shared


def _overview_consents(citizen):
    return list(
        Consent.objects.in_force()
        .filter(citizen=citizen)
        .select_related("to_user", "to_organisation")
        .order_by("valid_from", "pk")
    )


@require_GET
@citizen_view(Action.VIEW_OVERVIEW)
def table(request, citizen):
    latest, document, shared = _current(request, citizen)
    show = request.GET.get("show", "all")
    show = show if show in services.FILTERS else "all"
    sort = request.GET.get("sort", "sector")
    sort = sort if sort in services.SORTS else "sector"
    sector_set = present.sector_set_of(document, citizen)
    editable = not shared and reach_of(request, citizen).allows(Action.EDIT_OVERVIEW)
    consents = (
        [c for c in _overview_consents(citizen) if c.covers(Part.OVERVIEW)] if editable else []
    )
    return render(
        request,
        "networks/overview/table.html",
        {
            "citizen": citizen,
            "version": latest,
            "rows": services.rows(document, sector_set, show=show, sort=sort),
            "count": len(document.contacts),
            "show": show,
            "sort": sort,
            "filter_choices": _filter_choices(),
            "sort_choices": _sort_choices(),
            "editable": editable,
            "shared": shared,
            "missing_roles": services.missing_roles(document) if editable else [],
            "team_consents": consents,
            "map_link": reach_of(request, citizen).allows(Action.VIEW_MAP),
        },
    )


def _picked(request, citizen) -> dict:
    """Values of a professional picked from the directory (`?entry=`), if any and allowed."""
    entry_id = request.GET.get("entry")
    if not entry_id:
        return {}
    if not policy.can_org(request.user, OrgAction.USE_DIRECTORY, citizen.organisation_id):
        return {}
    form = PickForm({"entry": entry_id}, organisation=citizen.organisation)
    if not form.is_valid():
        return {}
    return entry_values(form.cleaned_data["entry"])


def _pick_form(request, citizen):
    if not policy.can_org(request.user, OrgAction.USE_DIRECTORY, citizen.organisation_id):
        return None
    form = PickForm(organisation=citizen.organisation)
    return form if form.fields["entry"].queryset.exists() else None


def _rebased(form: ContactForm, number: int | None) -> ContactForm:
    """The same form, with what the user typed, now based on the latest version."""
    data: QueryDict = form.data.copy()
    data["based_on"] = str(number) if number else ""
    fresh = ContactForm(data)
    fresh.is_valid()
    return fresh


def _contact_or_404(document: MapDocument, contact_id: str):
    if not re.match(ID_PATTERN, contact_id):
        raise Http404
    contact = document.contact(contact_id)
    if contact is None:
        raise Http404
    return contact


def _edit_page(request, citizen, contact, form, *, photo_form=None, conflict=None, status=200):
    return render(
        request,
        "networks/overview/edit.html",
        {
            "citizen": citizen,
            "contact": contact,
            "form": form,
            "photo_form": photo_form or PhotoForm(initial={"based_on": form["based_on"].value()}),
            "pick_form": _pick_form(request, citizen),
            "conflict": conflict,
        },
        status=status,
    )


def _initial(contact) -> dict:
    return {field: getattr(contact, field) for field in services.EDITABLE_FIELDS} | {
        "role": contact.role or "",
        "email": contact.email or "",
        "support_kinds": [str(k) for k in contact.support_kinds],
    }


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_OVERVIEW)
def edit(request, citizen, contact_id):
    latest = map_latest(citizen=citizen)
    document = latest.parsed() if latest else MapDocument()
    contact = _contact_or_404(document, contact_id)
    sector_set = present.sector_set_of(document, citizen)
    sector = sector_set.sector(contact.sector) if sector_set else None
    professional = sector.professional if sector else None
    if request.method == "GET":
        initial = _initial(contact) | _picked(request, citizen)
        initial["based_on"] = latest.number
        form = ContactForm(initial=initial, professional=professional)
        return _edit_page(request, citizen, contact, form)
    form = ContactForm(request.POST, professional=professional)
    if not form.is_valid():
        return _edit_page(request, citizen, contact, form)
    based_on = form.cleaned_data["based_on"]
    try:
        version = services.contact_update(
            citizen=citizen,
            author=request.user,
            contact_id=contact.id,
            values=form.values(),
            based_on=based_on,
            note=_("Overview: %(name)s") % {"name": form.cleaned_data["name"]},
        )
    except services.ContactInvalid as exc:
        form.add_problems(exc.errors)
        return _edit_page(request, citizen, contact, form)
    except services.ContactMissing:
        form.add_error(None, _("This person is no longer on the map this page was based on."))
        return _edit_page(request, citizen, contact, form)
    except MapConflict as conflict:
        return _conflict_page(request, citizen, contact, form, conflict, based_on)
    messages.success(
        request,
        _("%(name)s was saved (map version %(number)d).")
        % {"name": form.cleaned_data["name"], "number": version.number},
    )
    return redirect("overview:table", citizen.pk)


def _conflict_page(request, citizen, contact, form, conflict, based_on):
    current = conflict.current
    lines = services.conflict_lines(
        citizen=citizen, based_on=based_on, contact_id=contact.id if contact else None
    )
    fresh = _rebased(form, current.number if current else None)
    context_conflict = {
        "message": _(
            "Someone else saved the map (version %(number)s) while you were editing. Nothing "
            "was saved. What you typed is still below; check what changed and save again."
        )
        % {"number": current.number if current else "—"},
        "lines": lines,
    }
    if contact is None:
        return _add_page(request, citizen, fresh, conflict=context_conflict, status=409)
    return _edit_page(request, citizen, contact, fresh, conflict=context_conflict, status=409)


def _add_page(request, citizen, form, *, conflict=None, status=200):
    return render(
        request,
        "networks/overview/add.html",
        {
            "citizen": citizen,
            "form": form,
            "pick_form": _pick_form(request, citizen),
            "conflict": conflict,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_OVERVIEW)
def add(request, citizen):
    if request.method == "GET":
        latest = map_latest(citizen=citizen)
        initial = {"based_on": latest.number if latest else None}
        role = request.GET.get("role")
        if role in Role.values:
            initial["role"] = role
        initial |= _picked(request, citizen)
        return _add_page(request, citizen, ContactForm(initial=initial))
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _add_page(request, citizen, form)
    based_on = form.cleaned_data["based_on"]
    try:
        version = services.contact_add(
            citizen=citizen,
            author=request.user,
            values=form.values(),
            based_on=based_on,
            note=_("Overview: %(name)s added") % {"name": form.cleaned_data["name"]},
        )
    except services.ContactInvalid as exc:
        form.add_problems(exc.errors)
        return _add_page(request, citizen, form)
    except MapConflict as conflict:
        return _conflict_page(request, citizen, None, form, conflict, based_on)
    messages.success(
        request,
        _("%(name)s was added (map version %(number)d). Place them on the map when you can.")
        % {"name": form.cleaned_data["name"], "number": version.number},
    )
    return redirect("overview:table", citizen.pk)


@require_POST
@citizen_view(Action.EDIT_OVERVIEW)
def cell(request, citizen, contact_id):
    """Tick or untick "already active" straight from the table."""
    form = CellForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The change could not be read. Reload the page and try again."))
        return redirect("overview:table", citizen.pk)
    based_on = form.cleaned_data["based_on"]
    try:
        services.contact_update(
            citizen=citizen,
            author=request.user,
            contact_id=contact_id,
            values={"already_active": form.cleaned_data["already_active"]},
            based_on=based_on,
            note=_("Overview: already active"),
        )
    except services.ContactMissing:
        raise Http404 from None
    except services.ContactInvalid as exc:
        for problems in exc.errors.values():
            for problem in problems:
                messages.error(request, problem)
    except MapConflict:
        lines = services.conflict_lines(citizen=citizen, based_on=based_on, contact_id=contact_id)
        messages.error(
            request,
            " ".join(
                [_("Someone else saved the map in the meantime; nothing was changed."), *lines]
            ),
        )
    else:
        messages.success(request, _("Saved."))
    return redirect(reverse("overview:table", args=[citizen.pk]) + f"#row-{contact_id}")


@require_POST
@citizen_view(Action.EDIT_OVERVIEW)
def photo_upload(request, citizen, contact_id):
    latest = map_latest(citizen=citizen)
    document = latest.parsed() if latest else MapDocument()
    contact = _contact_or_404(document, contact_id)
    photo_form = PhotoForm(request.POST, request.FILES)
    form = ContactForm(initial=_initial(contact) | {"based_on": latest.number})
    if not photo_form.is_valid():
        return _edit_page(request, citizen, contact, form, photo_form=photo_form, status=400)
    try:
        services.photo_attach(
            citizen=citizen,
            author=request.user,
            contact_id=contact.id,
            upload=photo_form.cleaned_data["photo"],
            based_on=photo_form.cleaned_data["based_on"],
            note=_("Overview: photo of %(name)s") % {"name": contact.name},
        )
    except PhotoRejected as exc:
        photo_form.add_error("photo", exc.message)
        return _edit_page(request, citizen, contact, form, photo_form=photo_form, status=400)
    except (MapConflict, services.ContactMissing):
        # Nothing was kept: photo_attach removed the photo's row and file.
        photo_form.add_error(
            None,
            _("Someone else saved the map in the meantime; the photo was not added. Try again."),
        )
        form = ContactForm(
            initial=_initial(contact) | {"based_on": map_latest(citizen=citizen).number}
        )
        return _edit_page(request, citizen, contact, form, photo_form=photo_form, status=409)
    messages.success(request, _("The photo was saved."))
    return redirect("overview:edit", citizen.pk, contact.id)


@require_GET
@login_required
def photo(request, citizen_id, key):
    """A photo, to those who may see the overview or the map; shared readers only the photos of
    people on the shareable copy."""
    try:
        citizen = policy.get_citizen(request.user, citizen_id, Action.VIEW_OVERVIEW)
        action = Action.VIEW_OVERVIEW
    except Http404:
        citizen = policy.get_citizen(request.user, citizen_id, Action.VIEW_MAP)
        action = Action.VIEW_MAP
    found = get_object_or_404(ContactPhoto, citizen=citizen, key=key)
    if present.shared_copy(reach_of(request, citizen)):
        _latest, document, _shared = _current(request, citizen)
        if not services.photo_visible(document=document, key=key):
            raise Http404
    log.record(request, citizen_id=citizen.pk, action=action, object_type="photo", object_id=key)
    try:
        handle = found.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=found.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


@require_GET
@login_required
def export(request, citizen_id, fmt):
    citizen = policy.get_citizen(request.user, citizen_id, Action.VIEW_OVERVIEW)
    if fmt not in exports.FORMATS:
        raise Http404
    latest, document, shared = _current(request, citizen)
    consent = None
    if fmt == "pdf-team":
        consent = _team_consent(request, citizen, shared)
        if consent is None:
            messages.error(
                request,
                _("Choose the consent in force under which the overview is shared with the team."),
            )
            return redirect("overview:table", citizen.pk)
    log.record(
        request,
        citizen_id=citizen.pk,
        action=Action.VIEW_OVERVIEW,
        object_type="overview_export",
        object_id=fmt,
    )
    # Files leave the application: always the shareable copy.
    document = services.shareable(document)
    sector_set = present.sector_set_of(document, citizen)
    rows = services.rows(document, sector_set, sort=request.GET.get("sort", "sector"))
    now = timezone.now()
    content_type, extension = exports.FORMATS[fmt]
    stamp = timezone.localdate(now).isoformat()
    if fmt == "csv":
        content = exports.to_csv(rows)
    elif fmt == "xlsx":
        content = exports.to_xlsx(rows)
    elif fmt == "docx":
        content = exports.to_docx(
            rows=rows, citizen_label=citizen.name, version=latest, made_at=now
        )
    else:
        keys = [r.contact.photo for r in rows if r.contact.photo]
        photos = {p.key: p for p in ContactPhoto.objects.filter(citizen=citizen, key__in=keys)}
        content = exports.to_pdf(
            rows=rows,
            citizen_label=citizen.name,
            version=latest,
            made_at=now,
            consent=consent,
            photos=photos,
        )
    response = HttpResponse(content, content_type=content_type)
    name = "network-overview-team" if fmt == "pdf-team" else "network-overview"
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _team_consent(request, citizen, shared: bool):
    """The consent a team PDF is made under: the reader's own, or the one the worker chose."""
    if shared:
        candidates = policy.consents_for(request.user).filter(citizen=citizen)
    else:
        chosen = request.GET.get("consent", "")
        if not chosen.isdigit():
            return None
        candidates = Consent.objects.in_force().filter(citizen=citizen, pk=int(chosen))
    # Parts are a JSON list; containment lookups differ between databases, so check here.
    candidates = candidates.select_related("to_user", "to_organisation").order_by("valid_from")
    return next((c for c in candidates if c.covers(Part.OVERVIEW)), None)


# --- The directory of professionals ---------------------------------------------------------


def _organisation(request, action: OrgAction):
    organisation = getattr(request, "organisation", None)
    if organisation is None or not policy.can_org(request.user, action, organisation):
        raise Http404
    return organisation


@require_http_methods(["GET", "POST"])
@login_required
def directory(request):
    organisation = _organisation(request, OrgAction.USE_DIRECTORY)
    may_manage = policy.can_org(request.user, OrgAction.MANAGE_DIRECTORY, organisation)
    form = None
    if may_manage:
        form = DirectoryEntryForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            form.instance.organisation = organisation
            entry = form.save()
            messages.success(
                request, _("%(name)s was added to the directory.") % {"name": entry.name}
            )
            return redirect("overview:directory")
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "networks/overview/directory.html",
        {
            "entries": DirectoryEntry.objects.of(organisation),
            "form": form,
            "may_manage": may_manage,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def directory_edit(request, pk):
    organisation = _organisation(request, OrgAction.MANAGE_DIRECTORY)
    entry = get_object_or_404(DirectoryEntry, organisation=organisation, pk=pk)
    form = DirectoryEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(name)s was saved.") % {"name": entry.name})
        return redirect("overview:directory")
    return render(
        request,
        "networks/overview/directory_edit.html",
        {"entry": entry, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def directory_delete(request, pk):
    organisation = _organisation(request, OrgAction.MANAGE_DIRECTORY)
    entry = get_object_or_404(DirectoryEntry, organisation=organisation, pk=pk)
    entry.delete()
    messages.success(request, _("%(name)s was removed from the directory.") % {"name": entry.name})
    return redirect("overview:directory")
