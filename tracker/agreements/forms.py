"""Agreement input: the one set of rules for the web forms and the importer."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from tracker.agreements.row_forms import (
    CodingForm,
    CommitmentForm,
    LinkForm,
    SignatoryForm,
    party_choices,
)
from tracker.declaration import Declared, Derived, Part
from tracker.extensions import db
from tracker.fields import (
    ApproximateDateField,
    AsStatedField,
    ChoiceField,
    MultiChoiceField,
    PartySlotsWidget,
    TagListField,
    VersionField,
    WholeNumberField,
    is_blank,
    options,
    validate_key,
)
from tracker.filter_choices import enum_options, focus_area_options, party_options
from tracker.milestones.forms import MilestoneForm
from tracker.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
)
from tracker.pillars.forms import PillarForm
from tracker.provisions.queries import provision_names
from tracker.sources.forms import SourceForm

SPARE_ROWS = 2
TOO_FEW_PARTIES = "An agreement needs at least two distinct parties."


class AgreementForm(Declared, FlaskForm):
    """The agreement's declaration: its fields in codebook order (docs/codebook.md)."""

    record_type, model = "agreement", Agreement

    key = StringField(
        "Key",
        validators=[DataRequired(), Length(max=80)],
        description="A short stable identifier, e.g. nor-ukr-2024-declaration",
    )
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    kind = ChoiceField("Kind", choices=options(AgreementKind.choices()))
    status = ChoiceField("Status", choices=options(AgreementStatus.choices()))
    parties = MultiChoiceField(
        "Parties",
        choices=party_choices,
        widget=PartySlotsWidget(),
        validators=[DataRequired(TOO_FEW_PARTIES)],
        description="Two or more distinct parties",
    )
    signed_on = ApproximateDateField("Signed on")
    signed_on_as_stated = AsStatedField("Signed on, as stated")
    signed_at = StringField("Signed at", validators=[Optional(), Length(max=200)])
    in_force_on = ApproximateDateField("In force on")
    in_force_on_as_stated = AsStatedField("In force on, as stated")
    ends_on = ApproximateDateField("Ends on")
    ends_on_as_stated = AsStatedField("Ends on, as stated")
    duration_years = WholeNumberField(
        "Duration (years)",
        validators=[Optional(), NumberRange(min=1, max=100)],
        description="Used for the end when no end date is given",
    )
    end_earliest = Derived("Ends at the earliest")
    end_latest = Derived("Ends at the latest")
    end_estimate = Derived("Ends, best estimate")
    summary = TextAreaField("Summary", validators=[Optional(), Length(max=10000)])
    last_verified_on = DateField(
        "Last verified on",
        validators=[Optional()],
        description="When the record was last checked against its sources",
    )
    signatories = FieldList(FormField(SignatoryForm), min_entries=0)
    commitments = FieldList(FormField(CommitmentForm), min_entries=0)
    links = FieldList(FormField(LinkForm), min_entries=0)
    provisions = FieldList(FormField(CodingForm), min_entries=0)
    sources = Part(SourceForm, "Sources")
    tags = TagListField("Tags", description="Comma-separated, e.g. drones, industry")
    pillars = Part(PillarForm, "Pillars")
    milestones = Part(MilestoneForm, "Milestones")
    version = VersionField()

    def __init__(
        self,
        *args,
        agreement_id: int | None = None,
        importing: frozenset[str] = frozenset(),
        coding_sheet: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.agreement_id = agreement_id
        # The page lists every provision, and one left "not coded" is simply not kept;
        # elsewhere (an import, the API) a coding without its value is a mistake.
        self.coding_sheet = coding_sheet
        # The keys of the agreements an import brings along: a link may name one of them.
        self.importing = importing

    def add_spare_rows(self) -> None:
        """Empty rows for the page, so a signatory or commitment can be added without JS. A
        page shown again after a failed save keeps exactly the rows the person had: the
        blank ones came back with the post."""
        if not self.is_submitted():
            for rows in (self.signatories, self.commitments, self.links):
                for _ in range(SPARE_ROWS):
                    rows.append_entry()
        self.add_coding_rows()

    def add_coding_rows(self) -> None:
        """A row for every provision not coded yet, so the whole agreement is coded on this
        form (a row left "not coded" is not kept)."""
        coded = {entry.form.provision.data for entry in self.provisions}
        for name in provision_names():
            if name not in coded:
                self.provisions.append_entry({"provision": name})

    def coding_rows(self) -> list:
        """The coding rows in the vocabulary's order: how the page shows them and how they
        are kept, so an export lists them the same way every time."""
        order = {name: index for index, name in enumerate(provision_names())}
        return sorted(
            self.provisions, key=lambda entry: order.get(entry.form.provision.data, len(order))
        )

    def validate_key(self, field):
        validate_key(field.data)
        others = select(Agreement.id).where(Agreement.key == field.data)
        if self.agreement_id is not None:
            others = others.where(Agreement.id != self.agreement_id)
        taken = db.session.scalar(others)
        if taken is not None:
            raise ValidationError(f"Another agreement already has the key “{field.data}”.")

    def validate_parties(self, field):
        if len(field.data) != len(set(field.data)):
            raise ValidationError("A party is listed twice.")
        if len(field.data) < 2:
            raise ValidationError(TOO_FEW_PARTIES)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return self._validate_rows() and self._validate_dates() and valid

    def validate_last_verified_on(self, field):
        if field.data and field.data > dt.date.today():
            raise ValidationError("A record cannot be verified in the future.")

    def _validate_rows(self) -> bool:
        parties = set(self.parties.data or [])
        valid = True
        for row in self._filled(self.signatories):
            valid &= _party_of_agreement(row.party, parties)
        for row in self._filled(self.commitments):
            valid &= _party_of_agreement(row.party, parties)
            valid &= row.check_sums()
        valid &= self._validate_links() & self._validate_codings()
        # FieldList keeps a copy of each row's errors from its own validation: refresh it.
        for rows in (self.signatories, self.commitments, self.links, self.provisions):
            row_errors = [entry.errors for entry in rows.entries]
            rows.errors = row_errors if any(row_errors) else []
        return valid

    def _validate_links(self) -> bool:
        """Each link names another agreement, here or in the same import, once per relation."""
        rows = [row for row in self._filled(self.links) if not row.target.errors]
        targets = {row.target.data for row in rows}
        existing = set(
            db.session.scalars(select(Agreement.key).where(Agreement.key.in_(targets)))
        ) | (targets & self.importing)
        valid, seen = True, set()
        for row in rows:
            target, pair = row.target.data, (row.relation.data, row.target.data)
            if target == (self.key.data or "").strip():
                row.target.errors.append("An agreement cannot be linked to itself.")
            elif target not in existing:
                row.target.errors.append(
                    f"“{self.key.data}” links to “{target}”, but no agreement has that key."
                )
            elif pair in seen:
                row.target.errors.append("This link is given twice.")
            else:
                seen.add(pair)
                continue
            valid = False
        return valid

    def _validate_codings(self) -> bool:
        """A provision is coded once; words about a provision need its value."""
        valid, seen = True, set()
        for entry in self.coding_rows():
            row = entry.form
            if row.provision.errors:
                valid = False
                continue
            if not row.coded:
                if not self.coding_sheet:
                    row.value.errors.append("is required: present, partial or absent.")
                    valid = False
                elif any((row.reference.data, row.quote.data, row.source.data)):
                    row.value.errors.append(
                        "Say whether the provision is present, partial or absent, "
                        "or clear its article, quote and source."
                    )
                    valid = False
                continue
            if row.provision.data in seen:
                row.provision.errors.append("This provision is coded twice.")
                valid = False
            seen.add(row.provision.data)
        return valid

    def _validate_dates(self) -> bool:
        signed, in_force, ends = (
            self.signed_on.approximate,
            self.in_force_on.approximate,
            self.ends_on.approximate,
        )
        valid = True
        if _before(in_force, signed):
            self.in_force_on.errors.append("Entry into force cannot be before signature.")
            valid = False
        if _before(ends, in_force or signed):
            self.ends_on.errors.append("The end cannot be before the agreement took effect.")
            valid = False
        return valid

    @staticmethod
    def _filled(rows: FieldList):
        return [entry.form for entry in rows if not is_blank(entry.form)]

    def values(self) -> dict:
        return {
            "key": self.key.data.strip(),
            "title": self.title.data.strip(),
            "kind": AgreementKind(self.kind.data),
            "status": AgreementStatus(self.status.data),
            "parties": list(self.parties.data),
            "signed_on": self.signed_on.approximate,
            "signed_on_as_stated": self.signed_on_as_stated.data,
            "signed_at": (self.signed_at.data or "").strip() or None,
            "in_force_on": self.in_force_on.approximate,
            "in_force_on_as_stated": self.in_force_on_as_stated.data,
            "ends_on": self.ends_on.approximate,
            "ends_on_as_stated": self.ends_on_as_stated.data,
            "duration_years": self.duration_years.data,
            "summary": (self.summary.data or "").strip(),
            "last_verified_on": self.last_verified_on.data,
            "tags": list(self.tags.data or []),
            "signatories": [row.values() for row in self._filled(self.signatories)],
            "commitments": [row.values() for row in self._filled(self.commitments)],
            "links": [row.values() for row in self._filled(self.links)],
            "provisions": [e.form.values() for e in self.coding_rows() if e.form.coded],
        }


def _party_of_agreement(field, parties: set[str]) -> bool:
    if field.data and field.data not in parties:
        field.errors.append(f"{field.data} is not one of this agreement's parties.")
        return False
    return True


def _before(later, earlier) -> bool:
    """True when ``later`` must have happened before ``earlier`` began."""
    return (
        later is not None
        and earlier is not None
        and later.latest is not None
        and earlier.earliest is not None
        and later.latest < earlier.earliest
    )


class AgreementFilterForm(Form):
    """The list page's GET filters; invalid values are reported, never guessed."""

    q = StringField("Search", validators=[Optional(), Length(max=200)])
    party = MultiChoiceField("Party", choices=options([]))
    kind = MultiChoiceField("Kind", choices=options(AgreementKind.choices()))
    status = MultiChoiceField("Status", choices=options(AgreementStatus.choices()))
    focus_area = MultiChoiceField("Focus area", choices=options([]))
    ends_before = DateField(
        "Ends before",
        validators=[Optional()],
        description="Certainly ended by then: even the latest day its end can be is before it",
    )
    ending_within = WholeNumberField(
        "Ending within",
        validators=[Optional(), NumberRange(min=1, max=36500)],
        description="Days; not expired or terminated, and the best estimate of the end "
        "falls from today to then (the dashboard's rule)",
    )
    unverified_months = WholeNumberField(
        "Not verified in the last",
        validators=[Optional(), NumberRange(min=1, max=1200)],
        description="Months; an agreement never verified counts as not verified",
    )
    sort = ChoiceField(
        "Sort by",
        choices=options(
            [
                ("-signed", "Newest signature"),
                ("signed", "Oldest signature"),
                ("end", "Soonest end"),
                ("-end", "Latest end"),
                ("title", "Title"),
                ("-updated", "Recently changed"),
            ]
        ),
        default="-signed",
    )


def agreement_filter_form(args) -> AgreementFilterForm:
    """The list's filters from a query string, offering what the data holds."""
    filters = AgreementFilterForm(args)
    filters.party.choices = party_options(args.getlist("party"))
    filters.kind.choices = enum_options(AgreementKind, Agreement.kind, args.getlist("kind"))
    filters.status.choices = enum_options(AgreementStatus, Agreement.status, args.getlist("status"))
    filters.focus_area.choices = focus_area_options(args.getlist("focus_area"))
    return filters
