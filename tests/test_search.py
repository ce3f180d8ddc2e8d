"""Full-text search: every text of an agreement and its parts is found, on SQLite (FTS5) and
PostgreSQL (tsvector), British and American spellings find each other, and the index
follows each write in its own transaction."""

from __future__ import annotations

import pytest
from conftest import agreement_values, milestone_values
from helpers import commitment
from sqlalchemy import select, text

from tracker.agreements.operations import delete_agreement, update_agreement
from tracker.extensions import db
from tracker.milestones.operations import create_milestone
from tracker.models import Agreement, CodingValue, LinkRelation, Reliability
from tracker.search.index import missing, ranked
from tracker.sources.operations import create_source
from tracker.synthetic import generate


def found(query: str) -> list[str]:
    """The keys of the agreements the search finds, best first."""
    _total, hits = ranked(db.session, query, 50, 0)
    keys = dict(db.session.execute(select(Agreement.id, Agreement.key)).all())
    return [keys[hit.agreement_id] for hit in hits]


@pytest.fixture
def rich(make_agreement):
    """An agreement with a word of its own in every kind of text it has."""
    agreement = make_agreement(
        key="nor-ukr-rich",
        title="Joint declaration",
        summary="Plain words.",
        signed_at="Kyiv",
        tags=["drones"],
        signatories=[{"name": "Jonas Gahr Støre", "role": "Prime Minister", "party": "NOR"}],
        commitments=[
            commitment("NOR", None, None, "Quarterly funding", gdp_share="0.25", period="2025")
        ],
        provisions=[
            {
                "provision": "Sanctions",
                "value": CodingValue.PRESENT,
                "reference": "Art. 9",
                "quote": "Restrictive measures against the aggressor",
                "source": None,
            }
        ],
        links=[],
        pillars=["Air Defense"],
    )
    agreement.pillars[0].objective = "Deliver NASAMS batteries"
    milestone = create_milestone(
        agreement,
        milestone_values(key="depot", title="Depot opens", description="A warehouse in Bodø"),
    )
    create_source(
        milestone,
        {
            "url": "https://www.regjeringen.no/en/aktuelt/drone-depot",
            "title": "Press release on the depot",
            "publisher": "Ministry of Defence",
            "published_on": None,
            "reliability": Reliability.OFFICIAL,
        },
    )
    db.session.commit()
    return agreement


@pytest.mark.parametrize(
    "query",
    [
        "drones",  # a tag
        "NASAMS",  # a pillar's objective
        "Kyiv",  # the place of signature
        "Støre",  # a signatory
        "prime minister",  # a signatory's role
        "quarterly funding",  # a commitment's description
        "0.25",  # a share of GDP
        "warehouse",  # a milestone's description
        "depot opens",  # a milestone's title
        "press release",  # a milestone's source
        "regjeringen",  # a source's link
        "restrictive measures",  # a coded provision's quote
        "Art. 9",  # its article
        "Air Defense",  # a pillar's focus area
        "Ukraine",  # a party's name
    ],
)
def test_every_text_of_an_agreement_is_found(rich, query):
    assert found(query) == ["nor-ukr-rich"]


def test_a_links_note_is_found(make_agreement):
    make_agreement(key="earlier")
    make_agreement(
        key="later",
        links=[
            {"relation": LinkRelation.EXTENDS, "target": "earlier", "on": None, "note": "Sequel"}
        ],
    )

    assert found("sequel") == ["later"]


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("Air defence cooperation", "air defense"),
        ("Air defense cooperation", "air defence"),
        ("The Nansen programme", "program"),
        ("Modernisation of the armoured brigades", "modernization armored"),
        ("Standardized training", "standardised"),
    ],
)
def test_british_and_american_spellings_find_each_other(make_agreement, typed, query):
    make_agreement(key="spelt", summary=typed)

    assert found(query) == ["spelt"]


def test_word_endings_do_not_matter(make_agreement):
    make_agreement(key="endings", summary="Producing drones together")

    assert found("drone produced") == ["endings"]


def test_every_word_must_match(make_agreement):
    make_agreement(key="one", summary="Drones and ammunition")
    make_agreement(key="two", summary="Drones only")

    assert found("drones ammunition") == ["one"]
    assert sorted(found("drones")) == ["one", "two"]


def test_an_edit_is_found_at_once_and_the_old_words_no_longer(make_agreement):
    agreement = make_agreement(key="edited", summary="Artillery shells")

    update_agreement(agreement, agreement_values(key="edited", summary="Naval drones"))
    db.session.commit()

    assert found("naval") == ["edited"]
    assert found("artillery") == []


def test_a_deleted_agreement_leaves_the_index_with_it(make_agreement):
    agreement = make_agreement(key="deleted", summary="Gone tomorrow")

    delete_agreement(agreement)
    db.session.commit()

    assert found("tomorrow") == []
    assert db.session.scalar(text("SELECT count(*) FROM agreement_search")) == 0


def test_a_rolled_back_write_leaves_the_index_as_it_was(make_agreement):
    agreement = make_agreement(key="kept", summary="Original words")

    update_agreement(agreement, agreement_values(key="kept", summary="Replacement words"))
    db.session.flush()
    db.session.rollback()

    assert found("original") == ["kept"]
    assert found("replacement") == []


def test_query_syntax_is_taken_as_words(make_agreement):
    make_agreement(key="syntax", summary="Drones near Oslo")

    for query in ['"drones', "drones*", "(drones)", "-drones", "drones:"]:
        assert found(query) == ["syntax"], query


def test_snippets_escape_what_was_typed_and_mark_the_words(make_agreement):
    make_agreement(key="hostile", summary="<b>Bold</b> claims: 5 < 7 & rising")

    _total, [hit] = ranked(db.session, "claims", 10, 0)

    assert "<b>" not in hit.snippet  # escaped on SQLite; PostgreSQL drops tags itself
    assert "5 &lt; 7 &amp; rising" in hit.snippet
    assert "<mark>claims</mark>" in hit.snippet


def test_the_search_page_ranks_and_counts(login_as, make_agreement):
    make_agreement(key="once", title="Once", summary="A drone factory")
    make_agreement(key="often", title="Often", summary="Drones, drones and more drones")

    page = login_as("viewer").get("/search?q=drones").text

    assert "2 agreements match" in page
    assert page.index(">Often<") < page.index(">Once<")


def test_the_agreement_list_and_the_api_filter_by_the_same_search(login_as, api_as, rich):
    listed = login_as("viewer").get("/agreements?q=nasams").text
    response = api_as("viewer").get("/api/v1/agreements?q=nasams")

    assert "nor-ukr-rich" in listed
    assert [item["key"] for item in response.json["items"]] == ["nor-ukr-rich"]


def test_generated_agreements_are_indexed_and_the_command_fills_gaps(app, runner):
    generate(20, seed=3)
    assert missing(db.session) == []

    db.session.execute(text("DELETE FROM agreement_search"))
    db.session.commit()
    result = runner.invoke(args=["search-index"])

    assert "20 agreement(s) indexed" in result.output
    assert missing(db.session) == []
