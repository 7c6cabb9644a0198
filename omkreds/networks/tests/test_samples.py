from omkreds.networks.figures import compute_figures
from omkreds.networks.render import render_svg
from omkreds.networks.samples import sample_document
from omkreds.networks.schema import parse_document
from omkreds.networks.sectors import SE_TEMAN


def test_sample_maps_are_valid_at_the_largest_size():
    doc = sample_document(500, ties=800, sector_set="se_teman", seed=3)
    assert len(doc.contacts) == 500 and len(doc.ties) == 800
    assert parse_document(doc.model_dump(mode="json")) == doc
    assert render_svg(doc, SE_TEMAN, "C").count('role="img"') == 501
    assert compute_figures(doc, SE_TEMAN).contacts == 500


def test_samples_are_repeatable():
    assert sample_document(10, seed=1) == sample_document(10, seed=1)
