"""The network overview's roles (seed 004, Bilag 7): the role a professional has on the map.

The Danish catalogue gives each role the seed's own words (`ROLE_SEED_DA`); a test reads them
from the seed (cti/tests/test_seed_wording.py).
"""

from django.db import models
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """The network overview's roles (seed 004, Bilag 7), in the overview's order."""

    FAMILY_RELATIVES = "family_relatives", pgettext_lazy("overview role", "family/relatives")
    CASEWORKER_CHILDREN_YOUTH = (
        "caseworker_children_youth",
        pgettext_lazy("overview role", "case worker (children and youth)"),
    )
    CASEWORKER_ADULTS = "caseworker_adults", pgettext_lazy("overview role", "case worker (adults)")
    FINANCIAL_CASEWORKER = (
        "financial_caseworker",
        pgettext_lazy("overview role", "financial case worker (benefits)"),
    )
    UU_COUNSELLOR = (
        "uu_counsellor",
        pgettext_lazy("overview role", "youth guidance counsellor (UU)"),
    )
    JOB_CENTRE_CONSULTANT = (
        "job_centre_consultant",
        pgettext_lazy("overview role", "job centre consultant"),
    )
    SUPPORT_CONTACT_PERSON = (
        "support_contact_person",
        pgettext_lazy("overview role", "support and contact person"),
    )
    PSYCHIATRY_INPATIENT = (
        "psychiatry_inpatient",
        pgettext_lazy("overview role", "psychiatric treatment (inpatient ward)"),
    )
    DISTRICT_PSYCHIATRY = (
        "district_psychiatry",
        pgettext_lazy("overview role", "district/local psychiatry"),
    )
    SUBSTANCE_ABUSE_CONSULTANT = (
        "substance_abuse_consultant",
        pgettext_lazy("overview role", "substance abuse consultant"),
    )
    PPR = "ppr", pgettext_lazy("overview role", "educational psychology adviser (PPR)")
    SSP = "ssp", pgettext_lazy("overview role", "SSP worker (school, social services, police)")
    FOSTER_CARE_CONSULTANT = (
        "foster_care_consultant",
        pgettext_lazy("overview role", "foster care consultant"),
    )
    FAMILY_THERAPIST = "family_therapist", pgettext_lazy("overview role", "family therapist")
    PLACEMENT = "placement", pgettext_lazy("overview role", "placement")
    PROBATION_SERVICE = "probation_service", pgettext_lazy("overview role", "probation service")
    OWN_DOCTOR = "own_doctor", pgettext_lazy("overview role", "own doctor")
    SCHOOL_REPRESENTATIVE = (
        "school_representative",
        pgettext_lazy("overview role", "school representative"),
    )
    EDUCATIONAL_INSTITUTION = (
        "educational_institution",
        pgettext_lazy("overview role", "educational institution"),
    )
    COMPANY_REPRESENTATIVE = (
        "company_representative",
        pgettext_lazy("overview role", "company representative"),
    )
    INTERNSHIP_REPRESENTATIVE = (
        "internship_representative",
        pgettext_lazy("overview role", "internship representative"),
    )
    OTHER = "other", pgettext_lazy("overview role", "other")


# The seed's own Danish wording (Bilag 7), for the translators and the overview's print-out.
ROLE_SEED_DA = {
    Role.FAMILY_RELATIVES: "Familie/pårørende",
    Role.CASEWORKER_CHILDREN_YOUTH: "Sagsbehandler (børne- og ungeområdet)",
    Role.CASEWORKER_ADULTS: "Sagsbehandler (voksenområdet)",
    Role.FINANCIAL_CASEWORKER: "Økonomisk sagsbehandler (ydelse)",
    Role.UU_COUNSELLOR: "UU-vejleder",
    Role.JOB_CENTRE_CONSULTANT: "Jobcenterkonsulent",
    Role.SUPPORT_CONTACT_PERSON: "Støtte- og kontaktperson",
    Role.PSYCHIATRY_INPATIENT: "Behandlingspsykiatri (sengeafsnit)",
    Role.DISTRICT_PSYCHIATRY: "Distriktspsykiatrien/lokalpsykiatrien",
    Role.SUBSTANCE_ABUSE_CONSULTANT: "Misbrugskonsulent",
    Role.PPR: "PPR-medarbejder",
    Role.SSP: "SSP-medarbejder",
    Role.FOSTER_CARE_CONSULTANT: "Familieplejekonsulent",
    Role.FAMILY_THERAPIST: "Familiebehandler",
    Role.PLACEMENT: "Anbringelsessted",
    Role.PROBATION_SERVICE: "Kriminalforsorgen",
    Role.OWN_DOCTOR: "Egen læge",
    Role.SCHOOL_REPRESENTATIVE: "Skolerepræsentant",
    Role.EDUCATIONAL_INSTITUTION: "Uddannelsesinstitution",
    Role.COMPANY_REPRESENTATIVE: "Repræsentant for virksomhed",
    Role.INTERNSHIP_REPRESENTATIVE: "Repræsentant for praktiksted",
    Role.OTHER: "Andre",
}
