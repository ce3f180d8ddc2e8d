"""/compare: agreements against provisions, with coverage, sorting, filters and a CSV."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Agreement, CodingValue, ProvisionCoding


def coded(agreement, **values) -> None:
    """Code ``agreement``: provision name -> value, as its form would save them."""
    for position, (name, value) in enumerate(values.items()):
        db.session.add(
            ProvisionCoding(
                agreement_id=agreement.id,
                position=position,
                provision=name,
                value=CodingValue(value),
            )
        )
    db.session.commit()


def three_coded(make_agreement):
    """NATO accession present in one, absent in one, not coded in the third."""
    a = make_agreement(key="a-agreement", title="A agreement", parties=["NOR", "UKR"])
    b = make_agreement(key="b-agreement", title="B agreement", parties=["POL", "UKR"])
    make_agreement(key="c-agreement", title="C agreement", parties=["FRA", "DEU"], signatories=[])
    coded(a, **{"NATO accession": "absent", "Sanctions": "partial"})
    coded(b, **{"NATO accession": "present"})


def row_cells(page: str, title: str) -> str:
    start = page.index(f">{title}</a></th>")
    return page[start : page.index("</tr>", start)]


def test_every_provision_is_a_column_under_its_category(login_as, make_agreement):
    three_coded(make_agreement)

    page = login_as("viewer").get("/compare").text

    assert page.count('<th scope="col" class="provision">') == 17
    for category in ("Democratic transformation and economic resilience", "Other"):
        assert f'class="category">{category}</th>' in page
    assert page.count('<td class="cell') == 3 * 17


def test_each_cell_shows_its_value_and_not_coded_apart_from_absent(login_as, make_agreement):
    three_coded(make_agreement)

    page = login_as("viewer").get("/compare").text

    a, b, c = (row_cells(page, f"{x} agreement") for x in "ABC")
    assert a.count('class="cell absent"') == 1 and a.count('class="cell partial"') == 1
    assert b.count('class="cell present"') == 1
    assert c.count('class="cell not-coded"') == 17
    assert 'href="/agreements/a-agreement#provisions"' in a


def test_the_coverage_line_counts_the_matching_agreements(login_as, make_agreement):
    three_coded(make_agreement)
    viewer = login_as("viewer")

    everything = viewer.get("/compare").text
    ukraine = viewer.get("/compare?party=UKR").text

    assert 'title="1 present, 0 partial, 1 absent, 1 not coded">present in 1 of 3</span>' in (
        everything
    )
    assert "present in 1 of 2" in ukraine
    assert "C agreement" not in ukraine


def test_sorting_by_a_provision_puts_present_first_and_not_coded_last(login_as, make_agreement):
    three_coded(make_agreement)

    page = login_as("viewer").get("/compare?sort=NATO+accession").text

    order = [page.index(f">{x} agreement</a></th>") for x in "BAC"]
    assert order == sorted(order)  # present, absent, not coded


def test_a_category_narrows_the_columns(login_as, make_agreement):
    three_coded(make_agreement)

    page = login_as("viewer").get("/compare?category=Other").text

    assert page.count('<th scope="col" class="provision">') == 3
    assert "NATO accession" not in page.split("<tbody>")[0].split("<table")[1]


def test_a_sort_by_no_provision_is_reported_and_ignored(login_as, make_agreement):
    three_coded(make_agreement)

    response = login_as("viewer").get("/compare?sort=Moon+base")

    assert response.status_code == 200
    assert "Some filters were not understood" in response.text
    order = [response.text.index(f">{x} agreement</a></th>") for x in "ABC"]
    assert order == sorted(order)  # by title, as if no sort were asked for


def test_the_csv_holds_the_matrix_with_not_coded_spelled_out(login_as, make_agreement):
    three_coded(make_agreement)

    response = login_as("viewer").get("/compare.csv?category=Military+cooperation")

    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["key", "title", "NATO accession"]
    assert len(rows[0]) == 2 + 6
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key["a-agreement"][2] == "absent"
    assert by_key["b-agreement"][2] == "present"
    assert by_key["c-agreement"][2:] == ["not coded"] * 6


def test_with_a_focal_party_the_parties_column_shows_its_counterparts(login_as, make_agreement):
    three_coded(make_agreement)
    login_as("admin").post("/focal-party", data={"party_code": "UKR"})

    page = login_as("viewer").get("/compare").text

    assert "parties shown are Ukraine's counterparts" in page
    assert "<td>POL</td>" in row_cells(page, "B agreement")
    assert db.session.scalar(select(Agreement.id).where(Agreement.key == "c-agreement"))
