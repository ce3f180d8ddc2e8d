"""Helpers the page tests share: reading errors off a page, counting stored rows."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import AuditEntry


def errors_next_to(response, field_id: str) -> str:
    """The messages inside the field's own error list (parties: their fieldset)."""
    if field_id == "parties":
        box = re.search(r"<legend>Parties</legend>(.*?)</fieldset>", response.text, re.S)
        found = re.search(r'<ul class="errors">(.*?)</ul>', box.group(1), re.S) if box else None
    else:
        found = re.search(rf'<ul id="{field_id}-error" class="errors">(.*?)</ul>', response.text)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))) if found else ""


def count(model) -> int:
    """Rows as the database holds them, read on a connection of its own."""
    with db.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def commitment(party: str, amount, currency: str, description: str = "Support", **more) -> dict:
    """A commitment as AgreementForm.values() gives it; ``more``: its stage, basis … by
    value ("delivered"), and its period as EDTF text."""
    from decimal import Decimal

    from tracker.dates import parse_or_none
    from tracker.models import AmountQualifier, CommitmentBasis, CommitmentCategory, CommitmentStage

    kinds = {
        "category": CommitmentCategory,
        "stage": CommitmentStage,
        "basis": CommitmentBasis,
        "qualifier": AmountQualifier,
    }
    return {
        "party": party,
        "description": description,
        "amount": None if amount is None else Decimal(str(amount)),
        "currency": currency,
        **{name: kinds[name](value) for name, value in more.items() if name in kinds},
        "gdp_share": Decimal(str(more["gdp_share"])) if "gdp_share" in more else None,
        "period": parse_or_none(more.get("period")),
    }


def audit_trail(record_type: str | None = None, action: str | None = None) -> list[dict]:
    """Audit entries as committed, oldest first, read on a connection of their own."""
    table = AuditEntry.__table__
    query = select(table).order_by(table.c.id)
    if record_type:
        query = query.where(table.c.record_type == record_type)
    if action:
        query = query.where(table.c.action == action)
    with db.engine.connect() as connection:
        return [row._asdict() for row in connection.execute(query)]


def only_entry(record_type: str, action: str) -> dict:
    """The one committed entry of this kind: fails if there is none or more than one."""
    found = audit_trail(record_type, action)
    assert len(found) == 1, f"expected one {action} of a {record_type}, found {found}"
    return found[0]


def entries_since(count: int) -> list[dict]:
    """The entries committed after the first ``count``."""
    return audit_trail()[count:]


def post_edit(client, path: str, data):
    """Post ``data`` to an edit or delete page with the version that page carries, as a
    browser does: the page is read first, so each save names the record's current version."""
    from werkzeug.datastructures import MultiDict

    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="version"[^>]*value="(\d+)"', page)
    assert found, f"{path} carries no version"
    data = MultiDict(data)
    data.setlist("version", [found.group(1)])
    return client.post(path, data=data)


def islands(response) -> dict[str, dict]:
    """Every embedded figure on the page, by the id of the element it is drawn into."""
    import json

    found = re.findall(
        r'<script type="application/json" class="chart-data" data-target="([^"]+)">(.*?)</script>',
        response.get_data(as_text=True),
        re.S,
    )
    return {target: json.loads(body) for target, body in found}


def heat_table(response) -> tuple[str, list[str], list[tuple[str, list[int]]]]:
    """The dashboard's partners × focus areas table: caption, focus areas, and each
    partner's name with its counts (0 where a cell is blank)."""
    page = response.get_data(as_text=True)
    title = page.split('<p class="heat-title"', 1)[1].split("</p>", 1)[0]
    caption = html.unescape(re.sub(r"<[^>]+>", "", title.split(">", 1)[1]))
    table = page.split('<table class="heat"', 1)[1].split("</table>", 1)[0]
    areas = [html.unescape(area) for area in re.findall(r'<th scope="col">(.*?)</th>', table)]
    rows = []
    for row in re.findall(r'<tr><th scope="row">(.*?)</tr>', table, re.S):
        name = html.unescape(re.search(r">([^<]*)</a>", row)[1])
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        rows.append((name, [int(re.sub(r"<[^>]+>", "", cell) or 0) for cell in cells]))
    return " ".join(caption.split()), areas, rows


def interchange(*agreements, **envelope) -> dict:
    """An interchange document holding ``agreements``, plus any envelope fields given."""
    from tracker.interchange.shape import FORMAT, VERSION

    return {"format": FORMAT, "version": VERSION, **envelope, "agreements": list(agreements)}


def agreement_record(key: str, **fields) -> dict:
    """The smallest valid agreement object of the interchange format, with ``fields``."""
    return {
        "key": key,
        "title": f"Agreement {key}",
        "kind": "treaty",
        "status": "signed",
        "parties": ["NOR", "UKR"],
        **fields,
    }


def exported_sample(runner) -> dict:
    """The sample (data/sample.json), imported by ``tracker import``, as the tracker exports
    it: a document whose every agreement is stored exactly so."""
    from tracker.config import ROOT
    from tracker.interchange.exporter import export_document

    result = runner.invoke(args=["import", str(ROOT / "data" / "sample.json")])
    assert result.exit_code == 0, result.output
    return export_document()


def agreement_in(document: dict, key: str) -> dict:
    return next(item for item in document["agreements"] if item["key"] == key)


def milestone_in(agreement: dict, key: str) -> dict:
    return next(item for item in agreement["milestones"] if item["key"] == key)


def statements_run_by(work) -> int:
    """How many SQL statements ``work()`` sends to the app's database."""
    from sqlalchemy import event

    from tracker.extensions import db

    sent = []

    def count(*_arguments):
        sent.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(sent)
