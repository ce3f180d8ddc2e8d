"""Import an interchange document: validate all of it, then write all of it or nothing.

Every value goes through the same form classes as the web pages, so there is
one rule set. Validation reads the database (keys, focus areas) but never
writes; only ``apply_plan`` writes, and the caller commits once. An agreement
the document holds exactly as it is stored (changes.py, the preview's own
comparison) is left unchanged: not written, so its rows, version and audit
trail stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from tracker.agreements.forms import AgreementForm
from tracker.agreements.operations import create_agreement, update_agreement
from tracker.declaration import formdata
from tracker.extensions import db
from tracker.focus_areas.forms import FocusAreaForm
from tracker.focus_areas.operations import create_focus_area
from tracker.focus_areas.queries import focus_area_names
from tracker.interchange import shape
from tracker.interchange.changes import FieldChange, changes_to, stored_agreements
from tracker.interchange.shape import Problem
from tracker.json_input import RefusedJSON, load_untrusted_json
from tracker.milestones.dependencies import MilestoneGraph
from tracker.milestones.forms import MilestoneForm
from tracker.milestones.operations import (
    create_milestone,
    put_in_order,
    set_dependencies,
    update_milestone,
)
from tracker.models import Agreement, FocusArea, Provision
from tracker.pillars.forms import PillarForm, focus_area_choices
from tracker.pillars.operations import create_pillar, delete_pillar, update_pillar
from tracker.provisions.forms import ProvisionForm
from tracker.provisions.operations import create_provision
from tracker.provisions.queries import planned_provisions, provision_names
from tracker.rates.forms import ExchangeRateForm
from tracker.rates.operations import create_rate
from tracker.sources.forms import SourceForm
from tracker.sources.operations import replace_sources

NO_CSRF = {"csrf": False}


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class PlannedAgreement:
    existing: Agreement | None
    values: dict
    pillars: list[dict]
    milestones: list[dict]
    milestone_sources: list[list[dict]]
    sources: list[dict]
    # Vocabulary this agreement's pillars and codings need that the database lacks yet.
    focus_areas: list[dict] = field(default_factory=list)
    provisions: list[dict] = field(default_factory=list)
    # Exchange rates of the document the database lacks: the first agreement carries them.
    exchange_rates: list[dict] = field(default_factory=list)
    # What it changes in the stored agreement; none when the import leaves it as it is.
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return self.existing is not None and not self.changes


@dataclass
class ImportResult:
    """The keys of the agreements an import created, updated and left as they were."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def read_document(path: str | Path) -> object:
    """Read a JSON file as ``document_from_json`` reads an upload."""
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise ImportFailed([Problem(str(path), f"cannot be read: {error}")]) from error
    return document_from_json(str(path), content)


def document_from_json(name: str, content: bytes) -> object:
    """The JSON value of a file's content, read with the limits of untrusted input; a refusal
    is a problem naming the file, and where in it when that is known."""
    try:
        return load_untrusted_json(content)
    except RefusedJSON as refusal:
        where = f"{name}: {refusal.path}" if refusal.path else name
        raise ImportFailed([Problem(where, refusal.message)]) from None


def plan_import(document) -> list[PlannedAgreement]:
    """Validate the whole document; raise ImportFailed listing every problem."""
    problems = shape.check_document(document)
    if problems:
        raise ImportFailed(problems)
    known = focus_area_names()
    new_areas, problems = _plan_focus_areas(document.get("focus_areas") or [], known)
    focus_areas = known + [area["name"] for area in new_areas]
    new_area_order = {area["name"]: index for index, area in enumerate(new_areas)}
    known_provisions = provision_names()
    new_provisions, found = _plan_provisions(document.get("provisions") or [], known_provisions)
    problems += found
    new_provision_order = {p["name"]: index for index, p in enumerate(new_provisions)}
    new_rates, found = _plan_rates(document.get("exchange_rates") or [])
    problems += found
    if new_rates and not document["agreements"]:
        problems.append(
            Problem("exchange_rates", "travel with agreements; this document has none.")
        )
    plans, seen_keys = [], {}
    keys = [
        item["key"]
        for item in document["agreements"]
        if isinstance(item, dict) and isinstance(item.get("key"), str)
    ]
    # A link may name an agreement that comes later in the same document.
    importing = frozenset(keys)
    stored = stored_agreements(keys)
    for index, item in enumerate(document["agreements"]):
        key = item.get("key") if isinstance(item, dict) else None
        label = f"agreements[{index}]" + (f" (key {key})" if isinstance(key, str) else "")
        found = shape.check_object(item, AgreementForm.declaration(), "")
        if isinstance(key, str) and key in seen_keys:
            found.append(Problem("key", f"is used already by agreements[{seen_keys[key]}]."))
        if isinstance(key, str):
            seen_keys.setdefault(key, index)
        if not found:
            names = known_provisions + list(new_provision_order)
            with planned_provisions(names):
                plan, found = _plan_agreement(item, stored.get(key), focus_areas, importing)
            used = {pillar["focus_area"] for pillar in plan.pillars} & new_area_order.keys()
            plan.focus_areas = [
                new_areas[new_area_order[name]] for name in sorted(used, key=new_area_order.get)
            ]
            coded = {c["provision"] for c in plan.values.get("provisions", [])}
            plan.provisions = [
                new_provisions[new_provision_order[name]]
                for name in sorted(coded & new_provision_order.keys(), key=new_provision_order.get)
            ]
            plans.append(plan)
        problems += [Problem(f"{label}: {p.path}" if p.path else label, p.message) for p in found]
    if problems:
        raise ImportFailed(problems)
    if plans:
        plans[0].exchange_rates = new_rates
    return plans


def _plan_rates(items: list[dict]) -> tuple[list[dict], list[Problem]]:
    """The document's rates that are new here, checked by the rates page's own form. A rate
    stored already for the same pair and day is the same rate when it agrees; when it does
    not, the import stops rather than keep one of the two silently."""
    new, problems, seen = [], [], {}
    for index, item in enumerate(items):
        where = f"exchange_rates[{index}]"
        form = ExchangeRateForm(
            formdata=formdata(item, ExchangeRateForm.declaration()), meta=NO_CSRF
        )
        if not form.validate():
            stored = form.stored_rate()
            if stored is None or form.errors.keys() != {"on"}:
                problems += _form_problems(form, where)
            elif stored.factor(form.base.data, form.quote.data) != form.rate.data:
                problems.append(
                    Problem(f"{where}.rate", f"differs from the rate stored here: {stored.label}.")
                )
            continue
        values = form.values()
        pair = (values["on"], *sorted((values["base"], values["quote"])))
        if pair in seen:
            problems.append(Problem(f"{where}.on", f"repeats exchange_rates[{seen[pair]}]."))
            continue
        seen[pair] = index
        new.append(values)
    return new, problems


def _plan_focus_areas(areas: list[dict], known: list[str]) -> tuple[list[dict], list[Problem]]:
    """The document's focus areas that are new here, checked by the vocabulary's own form.

    A name the database has already (in any letter case) is the same focus area:
    the stored one, and its description, stay as they are.
    """
    known_lower = {name.lower() for name in known}
    new, problems = [], []
    for index, area in enumerate(areas):
        if str(area.get("name", "")).strip().lower() in known_lower:
            continue
        form = FocusAreaForm(formdata=formdata(area, FocusAreaForm.declaration()), meta=NO_CSRF)
        problems += _form_problems(form, f"focus_areas[{index}]")
        if not form.errors:
            new.append(form.values())
            known_lower.add(form.values()["name"].lower())
    return new, problems


def _plan_provisions(items: list[dict], known: list[str]) -> tuple[list[dict], list[Problem]]:
    """The document's provisions that are new here, checked by the vocabulary's own form; a
    name the database has already (in any letter case) is that provision, as it stands."""
    known_lower = {name.lower() for name in known}
    new, problems = [], []
    for index, item in enumerate(items):
        if str(item.get("name", "")).strip().lower() in known_lower:
            continue
        form = ProvisionForm(formdata=formdata(item, ProvisionForm.declaration()), meta=NO_CSRF)
        problems += _form_problems(form, f"provisions[{index}]")
        if not form.errors:
            new.append(form.values())
            known_lower.add(form.values()["name"].lower())
    return new, problems


def _plan_agreement(
    item: dict,
    existing: Agreement | None,
    focus_areas: list[str],
    importing: frozenset[str] = frozenset(),
) -> tuple[PlannedAgreement, list[Problem]]:
    form = AgreementForm(
        formdata=formdata(item, AgreementForm.declaration()),
        agreement_id=existing.id if existing else None,
        importing=importing,
        meta=NO_CSRF,
    )
    problems = _form_problems(form, "")

    pillar_values, taken = [], set()
    focus_area_options = focus_area_choices(focus_areas)
    for index, pillar in enumerate(item.get("pillars") or []):
        pillar_form = PillarForm(
            formdata=formdata(pillar, PillarForm.declaration()),
            focus_areas=focus_area_options,
            taken=taken,
            meta=NO_CSRF,
        )
        problems += _form_problems(pillar_form, f"pillars[{index}]")
        taken.add(pillar.get("focus_area"))
        if not pillar_form.errors:
            pillar_values.append({**pillar_form.values(), "position": index})

    milestones = item.get("milestones") or []
    # One graph for all the agreement's milestones: each is checked as if stored under its key.
    graph = MilestoneGraph((m["key"], m.get("depends_on") or []) for m in milestones)
    pillars = [p["focus_area"] for p in pillar_values]
    milestone_values, milestone_sources = [], []
    for index, milestone in enumerate(milestones):
        if milestone["key"] in graph.duplicated:
            problems.append(Problem(f"milestones[{index}].key", "is used by another milestone."))
        milestone_form = MilestoneForm(
            formdata=formdata(milestone, MilestoneForm.declaration()),
            pillars=pillars,
            milestones=graph,
            stored_key=milestone["key"],
            meta=NO_CSRF,
        )
        problems += _form_problems(milestone_form, f"milestones[{index}]")
        sources, source_problems = _plan_sources(
            milestone.get("sources"), f"milestones[{index}].sources"
        )
        problems += source_problems
        if not milestone_form.errors:
            milestone_values.append(milestone_form.values())
            milestone_sources.append(sources)

    sources, source_problems = _plan_sources(item.get("sources"), "sources")
    problems += source_problems
    values = form.values() if not form.errors else {}
    plan = PlannedAgreement(
        existing, values, pillar_values, milestone_values, milestone_sources, sources
    )
    if existing is not None and not problems:
        plan.changes = changes_to(existing, item)
    return plan, problems


def _plan_sources(items, path: str) -> tuple[list[dict], list[Problem]]:
    values, problems = [], []
    for index, source in enumerate(items or []):
        form = SourceForm(formdata=formdata(source, SourceForm.declaration()), meta=NO_CSRF)
        problems += _form_problems(form, f"{path}[{index}]")
        if not form.errors:
            values.append(form.values())
    return values, problems


def _form_problems(form, path: str) -> list[Problem]:
    form.validate()
    return list(_flatten(form.errors, path))


def _flatten(errors, path: str):
    """Form errors as (path, message): nested rows become signatories[0].party."""
    for name, messages in errors.items():
        where = f"{path}.{name}" if path else str(name)
        for index, message in enumerate(messages):
            if isinstance(message, dict):
                yield from _flatten(message, f"{where}[{index}]")
            else:
                yield Problem(where, message)


def apply_plan(plans: list[PlannedAgreement]) -> ImportResult:
    """Write every planned agreement, but those it leaves unchanged; the caller commits (or
    rolls back on error)."""
    result = ImportResult()
    for plan in plans:
        _add_focus_areas(plan.focus_areas)
        _add_provisions(plan.provisions)
        for values in plan.exchange_rates:
            create_rate(values)
        if plan.unchanged:
            result.unchanged.append(plan.existing.key)
            continue
        if plan.existing is None:
            agreement = create_agreement(plan.values)
            result.created.append(agreement.key)
        else:
            agreement = update_agreement(plan.existing, plan.values)
            result.updated.append(agreement.key)
        _sync_pillars(agreement, plan.pillars)
        _sync_milestones(agreement, plan.milestones, plan.milestone_sources)
        replace_sources(agreement, plan.sources)
    db.session.flush()
    return result


def _add_focus_areas(areas: list[dict]) -> None:
    """Create the vocabulary a plan needs, unless an earlier plan already did."""
    for area in areas:
        if db.session.scalar(select(FocusArea.id).where(FocusArea.name == area["name"])) is None:
            create_focus_area(area)


def _add_provisions(provisions: list[dict]) -> None:
    """Create the provisions a plan's codings need, unless an earlier plan already did."""
    for values in provisions:
        if db.session.scalar(select(Provision.id).where(Provision.name == values["name"])) is None:
            create_provision(values)


def _sync_pillars(agreement: Agreement, pillars: list[dict]) -> None:
    """Match pillars by focus area, so a re-import keeps their ids and history."""
    current = {pillar.focus_area.name: pillar for pillar in agreement.pillars}
    wanted = {values["focus_area"] for values in pillars}
    for name, pillar in current.items():
        if name not in wanted:
            delete_pillar(pillar)
    for values in pillars:
        if values["focus_area"] in current:
            update_pillar(current[values["focus_area"]], values)
        else:
            create_pillar(agreement, values)


def _sync_milestones(agreement: Agreement, milestones: list[dict], sources: list[list[dict]]):
    """Match milestones by key; dependencies are set once every milestone exists."""
    current = {milestone.key: milestone for milestone in agreement.milestones}
    wanted = {values["key"] for values in milestones}
    for key, milestone in current.items():
        if key not in wanted:
            db.session.delete(milestone)
    db.session.flush()
    saved = []
    for values in milestones:
        if values["key"] in current:
            saved.append(update_milestone(current[values["key"]], values, with_dependencies=False))
        else:
            milestone = create_milestone(agreement, {**values, "depends_on": []})
            saved.append(milestone)
    db.session.refresh(agreement, ["milestones"])
    for position, (milestone, values, milestone_sources) in enumerate(
        zip(saved, milestones, sources, strict=True)
    ):
        set_dependencies(milestone, values["depends_on"])
        replace_sources(milestone, milestone_sources)
        milestone.position = position  # the document's order is the analysts' order
    put_in_order(agreement)
