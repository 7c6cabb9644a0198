import io
import re

import pypdf
import pytest

from omkreds.networks.pdf import map_pdf
from omkreds.networks.sectors import DK_SOCIALSTYRELSEN
from omkreds.networks.tests.helpers import contact, document, tie

MM = 72 / 25.4


def text_of(pdf: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("paper", "width_mm", "height_mm"), [("A4", 297, 210), ("A3", 420, 297)])
def test_map_pdf_is_one_landscape_page_with_name_date_legend_and_people(paper, width_mm, height_mm):
    doc = document(
        [
            contact("a", "Anna Andersen", valence="positive"),
            contact("b", "Bo Berg", sector="professionals", closeness=0.8, angle=300),
            contact("s", "Secret Sam", safety_marker=True, address="Hidden Road 1"),
        ],
        [tie("a", "b"), tie("a", "s", "conflict")],
    )
    pdf = map_pdf(
        document=doc,
        sector_set=DK_SOCIALSTYRELSEN,
        citizen_label="Carla Citizen",
        version_number=4,
        paper=paper,
        language="en",
    )
    reader, text = text_of(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (width_mm, height_mm)
    assert "NetworkmapofCarlaCitizen" in text
    assert "Version4" in text and "printed" in text
    assert "Legend" in text and "Fagpersoner" not in text and "Professionals" in text
    assert "AnnaAndersen" in text and "BoBerg" in text
    # Printed maps are shared maps: the do-not-contact person never reaches paper.
    assert "SecretSam" not in text and "HiddenRoad" not in text


def test_unknown_paper_is_refused():
    with pytest.raises(ValueError):
        map_pdf(
            document=document(), sector_set=DK_SOCIALSTYRELSEN, citizen_label="C", paper="Letter"
        )
