"""The shared Pango binding (omkreds/lib/pango.py) that lays out the map's and the overview's
text: one clear error when the libraries are missing, and wrapped, measured layouts."""

import pytest

from omkreds.lib import pango


def test_a_missing_library_is_one_clear_error(monkeypatch):
    def missing(name):
        raise OSError(f"cannot load library '{name}'")

    monkeypatch.setattr(pango, "_libs", {})
    monkeypatch.setattr(pango.ffi, "dlopen", missing)
    with pytest.raises(pango.Unavailable, match="libpango-1.0.so.0 is missing"):
        pango.Text()


def test_text_wraps_to_the_width_and_is_measured_in_user_units():
    text = pango.Text()
    font = text.font("DejaVu Sans", 400, 10.0)
    assert text.font("DejaVu Sans", 400, 10.0) is font  # kept for the drawing
    line = text.layout("office office office", font)
    ink, (_x, _y, width, height) = text.extents(line)
    assert 80 < width < 140 and 10 < height < 14
    assert 0 < ink[3] < height and 7 < text.baseline(line) < height
    wrapped = text.layout("office office office", font, width=width / 2)
    lines = text.lines(wrapped)
    assert len(lines) >= 2
    assert text.extents(wrapped, ink=False)[1][3] == pytest.approx(lines[-1][1])
