"""Single-line fields refuse control characters, in every model and every form (issue 15,
point 9): each single-line CharField of the project's models and each single-line field of
its forms is walked and given a line break and a NUL. The figure goes to the trust report
(test-report/trust-one-line.json)."""

import pytest
from django.core.exceptions import ValidationError

import omkreds.urls  # noqa: F401  (imports every view and form, as serving does)
from omkreds.lib import text
from omkreds.lib.testing import trust

BAD = ("Bo\nBcc: someone@example.org", "Bo\x00Bo", "Bo\rBo", "Bo\tBo", "Bo\x85Bo", "Bo\x1bBo")


def refuses(field, value) -> bool:
    try:
        field.run_validators(value)
    except ValidationError as error:
        return any(e.code == text.CODE for e in error.error_list)
    return False


def test_every_single_line_model_field_refuses_control_characters():
    fields = [(m, f) for m in text.project_models() for f in text.one_line_fields(m)]
    assert len(fields) > 100
    accepting = [
        f"{m._meta.label}.{f.name}" for m, f in fields if not all(refuses(f, v) for v in BAD)
    ]
    # An ordinary line (with letters of the three languages) is still fine.
    assert not any(refuses(f, "Åse Ørnebæk, Göteborg") for _m, f in fields)
    trust.record(
        "one-line",
        case="model CharFields",
        fields_walked=len(fields),
        fields_accepting_control_characters=len(accepting),
        accepting=accepting,
    )
    assert accepting == []


def test_every_single_line_form_field_refuses_control_characters():
    fields = [
        (form, name, field)
        for form in text.project_forms()
        for name, field in getattr(form, "base_fields", {}).items()
        if text.is_one_line(field)
    ]
    assert len(fields) > 50
    accepting = []
    for form, name, field in fields:
        for value in BAD:
            try:
                field.clean(value)
            except ValidationError:
                continue
            accepting.append(f"{form.__module__}.{form.__name__}.{name}")
            break
    trust.record(
        "one-line",
        case="form fields (not textareas or passwords)",
        fields_walked=len(fields),
        fields_accepting_control_characters=len(accepting),
        accepting=accepting,
    )
    assert accepting == []


@pytest.mark.django_db
def test_a_save_with_a_line_break_changes_nothing(cast):
    citizen = cast.citizen
    before = citizen.name
    citizen.name = "Bo\nBcc: someone@example.org"
    with pytest.raises(ValidationError) as refused:
        citizen.save()
    assert refused.value.message_dict == {"name": [str(text.MESSAGE)]}
    citizen.refresh_from_db()
    assert citizen.name == before
