"""The upload form and the mapping form, whose value-by-value fields follow the file."""

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from omkreds.networks.exports import MAX_IMPORT_BYTES
from omkreds.networks.imports import mapping as m
from omkreds.networks.imports.sources import Source
from omkreds.networks.schema import Valence
from omkreds.networks.sectors import SectorSetDef

EXTENSIONS = (".graphml", ".xml", ".gexf", ".json", ".csv", ".txt", ".xlsx")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "GraphML or GEXF from a network tool (Network Canvas, Gephi, yEd …), a CSV or Excel "
            "(.xlsx) sheet with one person per row, or a map exported from Omkreds."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is too large; a network map file is at most 5 MB.")
            )
        if not (upload.name or "").lower().endswith(EXTENSIONS):
            raise forms.ValidationError(
                _("Choose a GraphML, GEXF, JSON, CSV or Excel (.xlsx) file.")
            )
        return upload


class ConfirmForm(forms.Form):
    note = forms.CharField(label=_("Note for the new version"), max_length=500, required=False)


def value_field(prefix: str, attribute: str, value: str) -> str:
    digest = hashlib.sha256(f"{attribute}\0{value}".encode()).hexdigest()[:12]
    return f"{prefix}_{digest}"


class MappingForm(forms.Form):
    """Which attribute gives what. Built for one source, sector set and number of rings."""

    def __init__(self, data=None, *, source: Source, sector_set: SectorSetDef, rings: int):
        self.source = source
        self.sector_set = sector_set
        self.rings = rings
        attributes = [(a, a) for a in source.attributes]
        none = [("", _("Nothing"))]
        sectors = [(s.key, s.label()) for s in sector_set.sectors]
        network = _int(data.get("network")) if data is not None else 0
        guessed = m.guess(source, sector_set, rings, network or 0)
        if data is not None:
            data = data.copy()
        super().__init__(data, initial=_initial(guessed))
        self.groups: list[tuple[str, list[str]]] = []
        self.attributes = attributes
        chosen = self._chosen(data, guessed)
        self._add_who()
        self._add_sector(data, chosen, sectors, none)
        self._add_closeness(data, chosen, none)
        self._add_valence(data, chosen, none)
        self._add_details(none)

    def _add_who(self) -> None:
        source, fields, attributes = self.source, self.fields, self.attributes
        who = []
        if len(source.networks) > 1:
            fields["network"] = forms.TypedChoiceField(
                label=_("Network (one per interview)"),
                coerce=int,
                choices=[(n, net.label) for n, net in enumerate(source.networks)],
            )
            who.append("network")
        fields["name"] = forms.ChoiceField(
            label=_("Name"), choices=[("", _("The id in the file")), *attributes], required=False
        )
        who.append("name")
        self.groups.append((_("Who is who"), who))

    def _add_sector(self, data, chosen: m.Mapping, sectors, none) -> None:
        fields, attributes, sector_set = self.fields, self.attributes, self.sector_set
        sector_fields = ["sector"]
        fields["sector"] = forms.ChoiceField(
            label=_("Sector from"), choices=none + attributes, required=False
        )
        for value in self._values(chosen.sector):
            name = value_field("sv", chosen.sector, value)
            fields[name] = forms.ChoiceField(
                label=_("“%(value)s” goes in") % {"value": value[:60]},
                choices=[("", _("The default")), *sectors],
                required=False,
                initial=m.guess_sector(value, sector_set),
            )
            self._prefill(data, name, fields[name].initial)
            sector_fields.append(name)
        fields["sector_default"] = forms.ChoiceField(
            label=_("Default sector"),
            choices=[("", _("No default")), *sectors],
            required=False,
        )
        sector_fields.append("sector_default")
        self.groups.append((_("Sector"), sector_fields))

    def _add_closeness(self, data, chosen: m.Mapping, none) -> None:
        fields, attributes, rings = self.fields, self.attributes, self.rings
        closeness_fields = ["closeness", "closeness_attr", "closer_when"]
        fields["closeness"] = forms.ChoiceField(
            label=_("Distance from the centre"),
            widget=forms.RadioSelect,
            choices=[
                (m.MIDDLE, _("Everyone on the middle ring")),
                (m.NUMBER, _("A number, scaled to the rings")),
                (m.RINGS, _("Values, ring by ring")),
            ],
        )
        fields["closeness_attr"] = forms.ChoiceField(
            label=_("Distance from"), choices=none + attributes, required=False
        )
        fields["closer_when"] = forms.ChoiceField(
            label=_("Closer to the centre when the number is"),
            choices=[(m.LOWER, _("lower")), (m.HIGHER, _("higher"))],
        )
        if chosen.closeness == m.RINGS:
            rings_choices = [("", _("The middle ring"))] + [
                (str(n), _("Ring %(n)d") % {"n": n}) for n in range(1, rings + 1)
            ]
            for value in self._values(chosen.closeness_attr):
                name = value_field("cv", chosen.closeness_attr, value)
                found = m.number(value)
                ring = int(found) if found is not None and found.is_integer() else 0
                fields[name] = forms.ChoiceField(
                    label=_("“%(value)s” goes on") % {"value": value[:60]},
                    choices=rings_choices,
                    required=False,
                    initial=str(ring) if 1 <= ring <= rings else "",
                )
                self._prefill(data, name, fields[name].initial)
                closeness_fields.append(name)
        self.groups.append((_("Distance from the centre"), closeness_fields))

    def _add_valence(self, data, chosen: m.Mapping, none) -> None:
        fields, attributes = self.fields, self.attributes
        valence_fields = ["valence"]
        valences = [(v.value, v.label) for v in Valence]
        fields["valence"] = forms.ChoiceField(
            label=_("Positive or negative from"), choices=none + attributes, required=False
        )
        for value in self._values(chosen.valence):
            name = value_field("vv", chosen.valence, value)
            fields[name] = forms.ChoiceField(
                label=_("“%(value)s” is") % {"value": value[:60]},
                choices=[("", _("The default")), *valences],
                required=False,
                initial=m.guess_valence(value),
            )
            self._prefill(data, name, fields[name].initial)
            valence_fields.append(name)
        fields["valence_default"] = forms.ChoiceField(
            label=_("Otherwise the relation is"), choices=valences
        )
        valence_fields.append("valence_default")
        self.groups.append((_("How the relation affects"), valence_fields))

    def _add_details(self, none) -> None:
        fields, attributes = self.fields, self.attributes
        for name, label in (
            ("relation", _("Relation")),
            ("phone", _("Phone")),
            ("email", _("E-mail")),
        ):
            fields[name] = forms.ChoiceField(label=label, choices=none + attributes, required=False)
        fields["rest_in_note"] = forms.BooleanField(
            label=_("Keep the other attributes in each person's note"), required=False
        )
        self.groups.append(
            (_("Contact details and note"), ["relation", "phone", "email", "rest_in_note"])
        )

    def _chosen(self, data, guessed: m.Mapping) -> m.Mapping:
        """The attributes chosen so far (the data's, else the guesses), to list their values."""
        if data is None:
            return guessed
        chosen = m.Mapping()
        attributes = set(self.source.attributes)
        for name in ("sector", "closeness_attr", "valence"):
            value = data.get(name, "")
            setattr(chosen, name, value if value in attributes else "")
        chosen.closeness = data.get("closeness", m.MIDDLE)
        return chosen

    def _values(self, attribute: str) -> list[str]:
        if not attribute:
            return []
        network = self.source.networks[self._network()]
        return m.values_of(network, attribute)

    def _network(self) -> int:
        number = _int(self.data.get("network")) if self.is_bound else 0
        return number if number is not None and 0 <= number < len(self.source.networks) else 0

    def _prefill(self, data, name: str, initial: str) -> None:
        # A newly chosen attribute's values start from the guesses, not from "nothing".
        if data is not None and name not in data:
            data[name] = initial

    def mapping(self) -> m.Mapping:
        data = self.cleaned_data
        result = m.Mapping(
            network=data.get("network") or 0,
            name=data["name"],
            sector=data["sector"],
            sector_default=data["sector_default"],
            closeness=data["closeness"],
            closeness_attr=data["closeness_attr"],
            closer_when=data["closer_when"],
            valence=data["valence"],
            valence_default=data["valence_default"],
            relation=data["relation"],
            phone=data["phone"],
            email=data["email"],
            rest_in_note=data["rest_in_note"],
        )
        for value in self._values(result.sector):
            result.sector_values[value] = data.get(value_field("sv", result.sector, value), "")
        if result.closeness == m.RINGS:
            for value in self._values(result.closeness_attr):
                ring = data.get(value_field("cv", result.closeness_attr, value), "")
                result.closeness_values[value] = int(ring) if ring else 0
        for value in self._values(result.valence):
            result.valence_values[value] = data.get(value_field("vv", result.valence, value), "")
        return result

    def grouped(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.groups]


def _initial(mapping: m.Mapping) -> dict:
    return {
        "network": mapping.network,
        "name": mapping.name,
        "sector": mapping.sector,
        "sector_default": mapping.sector_default,
        "closeness": mapping.closeness,
        "closeness_attr": mapping.closeness_attr,
        "closer_when": mapping.closer_when,
        "valence": mapping.valence,
        "valence_default": mapping.valence_default,
        "relation": mapping.relation,
        "phone": mapping.phone,
        "email": mapping.email,
        "rest_in_note": mapping.rest_in_note,
    }


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
