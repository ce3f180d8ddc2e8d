"""All models, imported in dependency order so every table is on the metadata."""

from tracker.models.agreement import (
    Agreement,
    AgreementKind,
    AgreementLink,
    AgreementStatus,
    CodingValue,
    LinkRelation,
    ProvisionCoding,
    Signatory,
    Tag,
)
from tracker.models.audit import AuditEntry
from tracker.models.commitment import (
    AmountQualifier,
    Commitment,
    CommitmentBasis,
    CommitmentCategory,
    CommitmentStage,
)
from tracker.models.data_cutoff import DataCutoff
from tracker.models.exchange_rate import ExchangeRate
from tracker.models.focal_party import FocalParty
from tracker.models.focus_area import FocusArea
from tracker.models.import_run import ImportRun
from tracker.models.milestone import CLOSED_STATUSES, Milestone, MilestoneKind, MilestoneStatus
from tracker.models.party import Party, PartyKind, known_parties
from tracker.models.pillar import Pillar, PillarStatus
from tracker.models.provision import Provision
from tracker.models.source import Reliability, Source
from tracker.models.token import AccessToken, TokenKind
from tracker.models.user import LoginAttempt, Role, User

__all__ = [
    "CLOSED_STATUSES",
    "AccessToken",
    "Agreement",
    "AgreementKind",
    "AgreementLink",
    "AgreementStatus",
    "AmountQualifier",
    "AuditEntry",
    "CodingValue",
    "Commitment",
    "CommitmentBasis",
    "CommitmentCategory",
    "CommitmentStage",
    "DataCutoff",
    "ExchangeRate",
    "FocalParty",
    "FocusArea",
    "ImportRun",
    "LinkRelation",
    "LoginAttempt",
    "Milestone",
    "MilestoneKind",
    "MilestoneStatus",
    "Party",
    "PartyKind",
    "Pillar",
    "PillarStatus",
    "Provision",
    "ProvisionCoding",
    "Reliability",
    "Role",
    "Signatory",
    "Source",
    "Tag",
    "TokenKind",
    "User",
    "known_parties",
]
