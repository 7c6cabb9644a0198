"""Forms of the map pages. The editor's side panel is a plain form the editor script fills in;
it is never posted: the editor saves the whole document through the API."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from omkreds.networks import marks
from omkreds.networks.schema import (
    ContactFrequency,
    ContactType,
    HelpDirection,
    Role,
    SupportKind,
    TieKind,
    Trend,
    Valence,
)

# Fields that are not shown when the map is drawn together with the citizen.
SENSITIVE_FIELDS = (
    "phone_direct",
    "phone_main",
    "email",
    "address",
    "note",
    "note_internal",
    "safety_marker",
)


# At the tablet, the sheet shows these first, in this order.
TOGETHER_FIRST = ("name", "relation", "sector", "ring", "valence", "trend", "colour", "signs")
TOGETHER_VALENCE = {
    Valence.POSITIVE.value: _("good"),
    Valence.NEGATIVE.value: _("difficult"),
    Valence.MIXED.value: _("both good and difficult"),
    Valence.NEUTRAL.value: _("neither"),
}


def _ring_choices(rings: int) -> list[tuple[str, str]]:
    choices = []
    for number in range(1, rings + 1):
        if number == 1:
            label = _("Ring 1, closest")
        elif number == rings:
            label = _("Ring %(number)s, furthest away") % {"number": number}
        else:
            label = _("Ring %(number)s") % {"number": number}
        choices.append((str(number), label))
    return choices


def _blank(choices):
    return [("", "—"), *choices]


class QuickAddForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"))
    relation = forms.CharField(
        label=_("Relation"),
        max_length=200,
        required=False,
        help_text=_("In words, e.g. sister, neighbour, GP."),
    )

    def __init__(self, *args, sector_set=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = _sector_choices(sector_set)


class ContactPanelForm(forms.Form):
    """Every field of a person on the map (schema.Contact)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    type = forms.ChoiceField(label=_("Kind"), choices=ContactType.choices)
    sector = forms.ChoiceField(label=_("Sector"))
    closeness = forms.FloatField(
        label=_("Distance from the centre"),
        min_value=0,
        max_value=1,
        help_text=_("0 is closest, 1 the outer edge."),
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )
    angle = forms.FloatField(
        label=_("Direction (degrees clockwise from the top)"),
        min_value=0,
        max_value=360,
        widget=forms.NumberInput(attrs={"step": "1"}),
    )
    valence = forms.ChoiceField(label=_("How the relation affects"), choices=Valence.choices)
    trend = forms.ChoiceField(label=_("Movement"), choices=Trend.choices)
    wanted_closeness = forms.FloatField(
        label=_("Wanted distance"),
        min_value=0,
        max_value=1,
        required=False,
        help_text=_("Where the relation should be; leave empty if it is fine as it is."),
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )
    relation = forms.CharField(label=_("Relation"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=_blank(Role.choices), required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    phone_direct = forms.CharField(label=_("Phone (direct)"), max_length=40, required=False)
    phone_main = forms.CharField(label=_("Phone (main number)"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(
        label=_("Postal address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_text = forms.CharField(
        label=_("What they can help with"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    support_kinds = forms.MultipleChoiceField(
        label=_("Kinds of support"),
        choices=SupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    help_direction = forms.ChoiceField(
        label=_("Direction of help"), choices=_blank(HelpDirection.choices), required=False
    )
    contact_frequency = forms.ChoiceField(
        label=_("How often in contact"), choices=ContactFrequency.choices
    )
    lives_with_citizen = forms.BooleanField(label=_("Lives with the person"), required=False)
    already_active = forms.BooleanField(label=_("Already active"), required=False)
    team_member = forms.BooleanField(label=_("Member of the team"), required=False)
    safety_marker = forms.BooleanField(
        label=_("Do not contact (never printed or shared)"), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note_internal = forms.BooleanField(label=_("The note is internal"), required=False)

    def __init__(self, *args, sector_set=None, together=False, rings=3, **kwargs):
        kwargs.setdefault("prefix", "panel")
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = _sector_choices(sector_set)
        self.fields.update(_mark_fields())
        self.together = together
        if together:
            for name in SENSITIVE_FIELDS:
                del self.fields[name]
            self._make_tappable(rings)

    def _make_tappable(self, rings: int) -> None:
        # At the tablet: closeness is a ring to tap and the direction is where the person is
        # dragged, never a number; how the relation is and where it moves are big choices.
        del self.fields["closeness"], self.fields["angle"]
        self.fields["ring"] = forms.ChoiceField(
            label=_("How close"), choices=_ring_choices(rings), widget=forms.RadioSelect
        )
        self.fields["valence"] = forms.ChoiceField(
            label=_("How is the relation?"),
            choices=[(key, TOGETHER_VALENCE[key]) for key in TOGETHER_VALENCE],
            widget=forms.RadioSelect,
        )
        self.fields["trend"] = forms.ChoiceField(
            label=_("Movement"), choices=Trend.choices, widget=forms.RadioSelect
        )
        self.order_fields(TOGETHER_FIRST)

    def first_fields(self):
        """What the citizen talks about; at the tablet the rest is under "More details"."""
        names = TOGETHER_FIRST if self.together else tuple(self.fields)
        return [self[name] for name in names if name in self.fields]

    def more_fields(self):
        if not self.together:
            return []
        return [self[name] for name in self.fields if name not in TOGETHER_FIRST]


class TiePanelForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of line"), choices=TieKind.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, together=False, **kwargs):
        kwargs.setdefault("prefix", "tie")
        super().__init__(*args, **kwargs)
        if together:
            del self.fields["note"]
        self.fields.update(_mark_fields())


def _mark_fields() -> dict[str, forms.Field]:
    """The citizen's own colour and signs (marks.py), on a person or a line."""
    return {
        "colour": forms.ChoiceField(
            label=_("Colour"),
            choices=marks.colour_choices(),
            required=False,
            widget=forms.RadioSelect,
        ),
        "signs": forms.MultipleChoiceField(
            label=_("Signs (up to %(n)d)") % {"n": marks.MAX_SIGNS},
            choices=marks.sign_choices(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        ),
    }


def _sector_choices(sector_set):
    if sector_set is None:
        return []
    return [(s.key, s.label()) for s in sector_set.sectors]


class RestoreForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("From version"), coerce=int)
    b = forms.TypedChoiceField(label=_("To version"), coerce=int)

    def __init__(self, *args, numbers=(), agreed=None, **kwargs):
        super().__init__(*args, **kwargs)
        agreed = agreed or {}
        choices = [
            (
                n,
                _("%(number)d, agreed %(date)s")
                % {"number": n, "date": date_format(agreed[n].agreed_on, "SHORT_DATE_FORMAT")}
                if n in agreed
                else str(n),
            )
            for n in numbers
        ]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
