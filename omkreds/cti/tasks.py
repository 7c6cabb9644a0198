"""Background work for CTI: the weekly phase-plan mail to each worker.

The mail holds no names: CTI participation says something about a person's health, and an
e-mail may travel unencrypted. Each course is given by its number, phase and dates, with a
link to the phase plan, where the worker signs in to see who it is.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from omkreds.accounts.models import Membership, Organisation, Role, User
from omkreds.cti import exports
from omkreds.cti.models import CtiCourse


def recipients(organisation: Organisation) -> list[User]:
    """Active workers and leads of the organisation who hold an open CTI course there."""
    holders = CtiCourse.objects.open().filter(citizen__organisation=organisation)
    return list(
        User.objects.filter(
            is_active=True,
            memberships__in=Membership.objects.active().filter(
                organisation=organisation, role__in=[Role.WORKER, Role.LEAD]
            ),
            pk__in=holders.values("worker_id"),
        )
        .distinct()
        .order_by("pk")
    )


def phase_plan_mail(*, user: User, organisation: Organisation) -> tuple[str, str] | None:
    """Subject and body of the user's phase-plan mail, in their language; None if no course."""
    courses = [c for c in exports.phase_plan_courses(user, organisation, scope="own") if c.is_open]
    if not courses:
        return None
    language = user.language or organisation.default_language
    with translation.override(language):
        rows = exports.plan_rows(courses)
        context = {
            "user": user,
            "organisation": organisation,
            "rows": rows,
            "due": [r for r in rows if r.next_state],
            "link": settings.SITE_URL + reverse("cti:phase_plan") + "?scope=own",
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("cti/email/phase_plan_subject.txt", context)
        body = render_to_string("cti/email/phase_plan_body.txt", context)
    return " ".join(subject.split()), body


@task
def send_phase_plan_mail(*, user_id: int, organisation_id: int) -> bool:
    user = User.objects.get(pk=user_id)
    organisation = Organisation.objects.get(pk=organisation_id)
    mail = phase_plan_mail(user=user, organisation=organisation)
    if mail is None:
        return False
    subject, body = mail
    send_mail(subject, body, None, [user.email])
    return True
