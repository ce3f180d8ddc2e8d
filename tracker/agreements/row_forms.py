"""The rows an agreement holds on its own form: signatories, commitments, links to other
agreements and the codings of its provisions. Each is a record type of its own, declared
here; the agreement's form (tracker/agreements/forms.py) lists them."""

from __future__ import annotations

from wtforms import Form, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from tracker.declaration import Declared
from tracker.fields import (
    ApproximateDateField,
    ChoiceField,
    FilledRow,
    SumField,
    options,
    validate_currency,
    validate_key,
    validate_url,
)
from tracker.models import (
    AgreementLink,
    AmountQualifier,
    CodingValue,
    Commitment,
    CommitmentBasis,
    CommitmentCategory,
    CommitmentStage,
    LinkRelation,
    ProvisionCoding,
    Signatory,
    known_parties,
)
from tracker.periods import years_of
from tracker.provisions.queries import provision_names


def party_choices() -> list[SelectChoice]:
    return options((p.code, f"{p.name} ({p.code})") for p in known_parties().values())


def optional_party_choices() -> list[SelectChoice]:
    return [SelectChoice("", "—"), *party_choices()]


class SignatoryForm(Declared, Form):
    record_type, model = "signatory", Signatory

    name = StringField("Name", validators=[FilledRow("A signatory needs a name."), Length(max=200)])
    role = StringField("Role", validators=[Optional(), Length(max=200)])
    party = ChoiceField(
        "Party",
        choices=optional_party_choices,
        validators=[FilledRow("Choose the party the signatory signed for.")],
    )

    def values(self) -> dict:
        return {
            "name": self.name.data.strip(),
            "role": (self.role.data or "").strip() or None,
            "party": self.party.data,
        }


class CommitmentForm(Declared, Form):
    """A sum or a share of GDP a party commits to, with what it takes to add it up
    honestly: its category, stage, basis and qualifier (tracker/models/commitment.py)."""

    record_type, model = "commitment", Commitment

    party = ChoiceField(
        "Party",
        choices=optional_party_choices,
        validators=[FilledRow("Choose the party that made the commitment.")],
    )
    description = StringField(
        "Description", validators=[FilledRow("Describe the commitment."), Length(max=2000)]
    )
    category = ChoiceField(
        "Category",
        choices=lambda: options(CommitmentCategory.choices(), "Not stated"),
        default="",
    )
    stage = ChoiceField(
        "Stage", choices=lambda: options(CommitmentStage.choices()), default="pledged"
    )
    amount = SumField("Amount", places=2, validators=[Optional(), NumberRange(min=0, max=10**17)])
    currency = StringField(
        "Currency",
        validators=[Optional(), Length(min=3, max=3)],
        filters=[lambda value: value.strip().upper() if value else value],
        description="ISO 4217, e.g. NOK",
    )
    basis = ChoiceField(
        "Basis", choices=lambda: options(CommitmentBasis.choices()), default="one_off"
    )
    qualifier = ChoiceField(
        "Qualifier", choices=lambda: options(AmountQualifier.choices()), default="exact"
    )
    gdp_share = SumField(
        "Share of GDP (%)",
        places=4,
        validators=[Optional(), NumberRange(min=0, max=100)],
        description="Instead of an amount, e.g. 0.25",
    )
    period = ApproximateDateField(
        "Period", description="The years of a sum per year or over a period, e.g. 2024/2028"
    )

    def validate_currency(self, field):
        validate_currency(field.data)

    def check_sums(self) -> bool:
        """What the row's own fields cannot check alone: an amount with its currency, or a
        share of GDP instead; and a sum spread over years names its years."""
        amount, share, currency = self.amount.data, self.gdp_share.data, self.currency.data
        complaints = []
        if amount is not None and share is not None:
            complaints.append((self.gdp_share, "Give an amount or a share of GDP, not both."))
        elif share is not None and currency:
            complaints.append((self.currency, "A share of GDP has no currency."))
        elif amount is not None and not currency:
            complaints.append((self.currency, "An amount needs its currency."))
        elif currency and amount is None and not self.amount.errors:
            complaints.append((self.amount, "A currency needs an amount."))
        basis = self.basis.data
        spread = amount is not None and basis in SPREAD_BASES and not self.period.errors
        if spread and years_of(self.period.approximate) is None:
            words = BASIS_NEEDS_YEARS[basis]
            complaints.append((self.period, f"{words} needs its years, e.g. 2024/2028."))
        for field, message in complaints:
            field.errors.append(message)
        return not complaints

    def values(self) -> dict:
        return {
            "party": self.party.data,
            "description": self.description.data.strip(),
            "category": CommitmentCategory(self.category.data) if self.category.data else None,
            "stage": CommitmentStage(self.stage.data),
            "amount": self.amount.data,
            "currency": self.currency.data or None,
            "basis": CommitmentBasis(self.basis.data),
            "qualifier": AmountQualifier(self.qualifier.data),
            "gdp_share": self.gdp_share.data,
            "period": self.period.approximate,
        }


SPREAD_BASES = (CommitmentBasis.PER_YEAR.value, CommitmentBasis.OVER_PERIOD.value)
BASIS_NEEDS_YEARS = {
    CommitmentBasis.PER_YEAR.value: "A sum per year",
    CommitmentBasis.OVER_PERIOD.value: "A total over a period",
}


class LinkForm(Declared, Form):
    """A relation to another agreement, read "this agreement <relation> the other"."""

    record_type, model = "agreement_link", AgreementLink

    relation = ChoiceField(
        "Relation",
        choices=lambda: options(LinkRelation.choices(), "—"),
        validators=[FilledRow("Choose how this agreement stands to the other.")],
    )
    target = StringField(
        "Other agreement",
        validators=[FilledRow("Name the other agreement by its key."), Length(max=80)],
        filters=[lambda value: value.strip() if value else value],
        description="Its key, e.g. nor-ukr-2024-agreement",
    )
    on = ApproximateDateField("On")
    note = StringField("Note", validators=[Optional(), Length(max=2000)])

    def validate_target(self, field):
        if field.data:
            validate_key(field.data)

    def values(self) -> dict:
        return {
            "relation": LinkRelation(self.relation.data),
            "target": self.target.data,
            "on": self.on.approximate,
            "note": (self.note.data or "").strip() or None,
        }


class CodingForm(Declared, Form):
    """Whether the agreement contains one provision of the vocabulary. A row without a value
    is a provision not coded yet: it is not kept."""

    record_type, model = "provision_coding", ProvisionCoding

    provision = ChoiceField(
        "Provision",
        choices=lambda: options((name, name) for name in provision_names()),
        validators=[DataRequired("Name the provision.")],
    )
    value = ChoiceField(
        "Value",
        choices=lambda: options(CodingValue.choices(), "Not coded"),
        default="",
    )
    reference = StringField(
        "Article", validators=[Optional(), Length(max=200)], description="e.g. Art. 3(2)"
    )
    quote = TextAreaField("Quote", validators=[Optional(), Length(max=5000)], render_kw={"rows": 2})
    source = StringField(
        "Source",
        validators=[Optional(), Length(max=2000)],
        description="The link the quote was read at",
    )

    def validate_source(self, field):
        validate_url(field.data)

    @property
    def coded(self) -> bool:
        return bool(self.value.data)

    def values(self) -> dict:
        return {
            "provision": self.provision.data,
            "value": CodingValue(self.value.data),
            "reference": (self.reference.data or "").strip() or None,
            "quote": (self.quote.data or "").strip() or None,
            "source": self.source.data or None,
        }
