"""Pillar input, shared by the web form and the importer."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from tracker.declaration import Declared
from tracker.fields import ChoiceField, Choices, PositionField, VersionField, options
from tracker.focus_areas.queries import focus_area_names
from tracker.models import Pillar, PillarStatus


def focus_area_choices(names: list[str]) -> Choices:
    return options((name, name) for name in names)


class PillarForm(Declared, FlaskForm):
    """The pillar's declaration: its fields in codebook order (docs/codebook.md)."""

    record_type, model = "pillar", Pillar

    focus_area = ChoiceField("Focus area")
    objective = StringField("Primary objective", validators=[Optional(), Length(max=500)])
    strategic_intent = StringField("Strategic intent", validators=[Optional(), Length(max=500)])
    status = ChoiceField("Status", choices=options(PillarStatus.choices()), default="planned")
    position = PositionField(
        "Position",
        validators=[Optional(), NumberRange(min=0, max=1000)],
        description="Order in the agreement's pillar table",
    )
    version = VersionField()

    def __init__(
        self, *args, focus_areas: list[str] | Choices, taken: set[str] = frozenset(), **kwargs
    ):
        """``focus_areas``: their names, or ``focus_area_choices(names)`` made once and shared
        by every pillar form of an import. ``taken``: those of the agreement's other pillars."""
        super().__init__(*args, **kwargs)
        self.focus_area.choices = (
            focus_areas if isinstance(focus_areas, Choices) else focus_area_choices(focus_areas)
        )
        self.taken = taken

    @classmethod
    def for_agreement(cls, agreement, pillar=None, **kwargs) -> PillarForm:
        """The form in the context of a stored agreement (web pages and the API): any focus
        area of the vocabulary its other pillars do not have."""
        taken = {other.focus_area.name for other in agreement.pillars if other is not pillar}
        return cls(focus_areas=focus_area_names(), taken=taken, **kwargs)

    def validate_focus_area(self, field):
        if field.data in self.taken:
            raise ValidationError(f"This agreement already has a {field.data} pillar.")

    def values(self) -> dict:
        return {
            "focus_area": self.focus_area.data,
            "objective": (self.objective.data or "").strip(),
            "strategic_intent": (self.strategic_intent.data or "").strip(),
            "status": PillarStatus(self.status.data),
            "position": self.position.data,
        }
