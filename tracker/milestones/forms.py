"""Milestone input, shared by the web form and the importer."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from tracker.declaration import Declared, Part
from tracker.fields import (
    ApproximateDateField,
    AsStatedField,
    ChoiceField,
    MultiChoiceField,
    PositionField,
    VersionField,
    _unknown,
    options,
    validate_key,
)
from tracker.milestones.dependencies import MilestoneGraph, dependency_keys
from tracker.models import Milestone, MilestoneKind, MilestoneStatus
from tracker.sources.forms import SourceForm


class DependsOnField(MultiChoiceField):
    """Keys of the agreement's other milestones, each looked up in its graph.

    The choices are listed only when the page shows them: the importer checks
    thousands of milestones of one agreement and must not copy every key for each.
    """

    def process_formdata(self, valuelist):
        self.data = dependency_keys(valuelist)

    def pre_validate(self, form):
        for value in self.data or []:
            if not form.milestones.has(value, besides=form.stored_key):
                # The message names the choices only when there are at most twelve.
                named = form.milestones.keys(form.stored_key, up_to=13)
                raise ValidationError(_unknown(value, named))


class MilestoneForm(Declared, FlaskForm):
    """The milestone's declaration: its fields in codebook order (docs/codebook.md)."""

    record_type, model = "milestone", Milestone

    key = StringField(
        "Key",
        validators=[DataRequired(), Length(max=80)],
        description="Unique within the agreement, e.g. first-drones",
    )
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    kind = ChoiceField("Kind", choices=options(MilestoneKind.choices()))
    pillar = ChoiceField("Pillar", default="")
    status = ChoiceField("Status", choices=options(MilestoneStatus.choices()), default="planned")
    due = ApproximateDateField("Due")
    due_as_stated = AsStatedField("Due, as stated")
    completed_on = ApproximateDateField("Completed on")
    completed_on_as_stated = AsStatedField("Completed on, as stated")
    depends_on = DependsOnField("Depends on", description="Milestones that must come first")
    description = TextAreaField("Description", validators=[Optional(), Length(max=10000)])
    sources = Part(SourceForm, "Sources")
    place = PositionField(
        "Move to place",
        validators=[Optional(), NumberRange(min=1, max=100_000)],
        description="1 is first; leave empty to keep its place. A milestone always comes "
        "after the milestones it depends on.",
    )
    version = VersionField()

    def __init__(
        self,
        *args,
        pillars: list[str],
        milestones: MilestoneGraph,
        stored_key: str | None = None,
        today: dt.date | None = None,
        **kwargs,
    ):
        """``pillars``: focus areas of the agreement's pillars.

        ``milestones``: the agreement's milestones, this one among them once it is stored.
        ``stored_key``: the milestone's key as saved, when it is being edited.
        """
        super().__init__(*args, **kwargs)
        self.pillar.choices = options(((name, name) for name in pillars), "— none —")
        self.depends_on.choices = self._dependency_choices
        self.milestones = milestones
        self.stored_key = stored_key
        self.today = today or dt.date.today()

    @classmethod
    def for_agreement(cls, agreement, milestone=None, **kwargs) -> MilestoneForm:
        """The form in the context of a stored agreement (web pages and the API)."""
        graph = MilestoneGraph(
            (other.key, [dep.key for dep in other.depends_on]) for other in agreement.milestones
        )
        return cls(
            pillars=[pillar.focus_area.name for pillar in agreement.pillars],
            milestones=graph,
            stored_key=milestone.key if milestone else None,
            **kwargs,
        )

    def _dependency_choices(self):
        return options((key, key) for key in self.milestones.keys(self.stored_key))

    def validate_key(self, field):
        validate_key(field.data)
        if self.milestones.has(field.data, besides=self.stored_key):
            raise ValidationError(f"This agreement already has a milestone “{field.data}”.")

    def validate_depends_on(self, field):
        cycle = self.milestones.cycle(self.key.data, field.data, self.stored_key)
        if cycle:
            raise ValidationError("This would make a dependency cycle: " + " → ".join(cycle))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        done = self.status.data == MilestoneStatus.DONE.value
        completed = self.completed_on.approximate
        if self.completed_on.errors:
            return False
        if done and completed is None:
            self.completed_on.errors.append("A done milestone needs its completion date.")
            return False
        if completed is not None and not done:
            self.completed_on.errors.append("Only a done milestone has a completion date.")
            return False
        if completed is not None and completed.earliest and completed.earliest > self.today:
            self.completed_on.errors.append("The completion date cannot be in the future.")
            return False
        return valid

    def values(self) -> dict:
        return {
            "key": self.key.data.strip(),
            "title": self.title.data.strip(),
            "kind": MilestoneKind(self.kind.data),
            "status": MilestoneStatus(self.status.data),
            "pillar": self.pillar.data or None,
            "due": self.due.approximate,
            "due_as_stated": self.due_as_stated.data,
            "completed_on": self.completed_on.approximate,
            "completed_on_as_stated": self.completed_on_as_stated.data,
            "position": self.place.data - 1 if self.place.data else None,
            "depends_on": list(self.depends_on.data),
            "description": (self.description.data or "").strip(),
        }
