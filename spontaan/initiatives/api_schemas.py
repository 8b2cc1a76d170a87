"""The request and response schemas of the initiatives API."""

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Path, Schema
from pydantic import StrictBool

from spontaan.core.api_schemas import (
    MAX_ID,
    MAX_PAGE,
    Coordinate,
    InputSchema,
    Text,
    WholeNumber,
)

from .models import (
    AskOutcome,
    Category,
    ConflictOutcome,
    Facilitation,
    RuleKind,
    Status,
)

InitiativeId = Annotated[int, Path(ge=1, le=MAX_ID, description="The initiative's id.")]
# Named by their alias in the path, so that one endpoint function serves both.
AskId = Annotated[int, Path(ge=1, le=MAX_ID, alias="ask_id", description="The ask's id.")]
ConflictId = Annotated[
    int, Path(ge=1, le=MAX_ID, alias="conflict_id", description="The conflict's id.")
]


# --- schemas -------------------------------------------------------------------------------


class InitiativeFiltersIn(Schema):
    municipality: Text = Field("", max_length=100, description="Municipality slug.")
    category: Category | None = None
    status: Status | None = None
    function: Text = Field("", max_length=100, description="Function slug (e.g. moestuin).")
    q: Text = Field("", max_length=200, description="Words in title, summary or address.")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(20, ge=1, le=100, description="Items per page (at most 100).")


class InitiativeListItemOut(Schema):
    id: int
    title: str
    summary: str
    category: str
    category_label: str
    status: str
    status_label: str
    municipality: str
    functions: list[str]
    latitude: float | None
    longitude: float | None
    created_at: datetime
    updated_at: datetime
    url: str


class InitiativePageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[InitiativeListItemOut]


class TeamMemberOut(Schema):
    id: int  # this term on the team (to remove the member, or leave)
    name: str
    kind: str
    kind_label: str
    is_organisation: bool
    is_initiator: bool
    role: str


class AskOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    text: str
    is_small: bool
    amount: int | None
    created_at: datetime
    answer: str
    outcome: str
    outcome_label: str
    answered_at: datetime | None
    waiting_since: datetime | None = Field(
        None, description="Waiting on the municipality since (no answer yet)."
    )
    due_on: date | None = Field(None, description="Service-level date of the first answer.")


class ConflictOut(Schema):
    id: int
    rule_kind: str
    rule_kind_label: str
    rule: str
    description: str
    created_at: datetime
    answer: str
    outcome: str
    outcome_label: str
    answered_at: datetime | None
    waiting_since: datetime | None = None
    due_on: date | None = None


class InitiativeDetailOut(Schema):
    id: int
    title: str
    summary: str
    story: str
    story_html: str = Field(description="The story as sanitised HTML.")
    category: str
    category_label: str
    status: str
    status_label: str
    municipality: str
    municipality_name: str
    functions: list[str]
    address: str
    latitude: float | None
    longitude: float | None
    offers: str
    photo_url: str | None
    photo_alt: str
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime
    is_hidden: bool
    url: str
    team: list[TeamMemberOut]
    asks: list[AskOut]
    conflicts: list[ConflictOut]
    follower_count: int
    following: bool = Field(description="Whether the requesting user follows the initiative.")
    waiting_since: datetime | None = Field(
        description="Waiting on the municipality since: the oldest item (the initiative "
        "itself, an ask, a conflict) without a first answer; null when nothing waits."
    )
    allowed_transitions: list[str] = Field(
        description="The statuses the requesting user may move the initiative to."
    )


class TimelineEventOut(Schema):
    id: int
    kind: str
    kind_label: str
    created_at: datetime
    text: str
    data: dict[str, Any]
    by: str | None = Field(description="Public display name of who did it.")
    on_behalf_of_municipality: bool


class NewsOut(Schema):
    id: int
    title: str
    text: str = Field(description="The text as Markdown.")
    text_html: str = Field(description="The text as sanitised HTML.")
    created_at: datetime
    by: str | None = Field(description="Public display name of the author.")
    is_hidden: bool = Field(description="Only its author, the team and staff see hidden news.")
    hidden_reason: str


class NewsIn(InputSchema):
    title: Text = Field(max_length=140)
    text: Text = Field(max_length=4000, description="Markdown.")


class InitiativeCreateIn(InputSchema):
    municipality: Text = Field(max_length=100, description="Municipality slug.")
    title: Text
    summary: Text
    category: Category
    story: Text = Field("", description="Markdown.")
    functions: list[Text] = Field(default_factory=list, description="Function slugs.")
    address: Text = ""
    latitude: Coordinate | None = None
    longitude: Coordinate | None = None
    offers: Text = ""
    photo_alt: Text = ""


class InitiativePatchIn(InputSchema):
    title: Text | None = None
    summary: Text | None = None
    category: Category | None = None
    story: Text | None = None
    functions: list[Text] | None = None
    address: Text | None = None
    latitude: Coordinate | None = None
    longitude: Coordinate | None = None
    offers: Text | None = None
    photo_alt: Text | None = None


class TransitionIn(InputSchema):
    status: Status
    note: Text = Field(
        "", description="Public reason; required for granted, not granted and stopped."
    )


class AskIn(InputSchema):
    kind: Facilitation
    title: Text
    text: Text = ""
    is_small: StrictBool = False
    amount: WholeNumber | None = Field(None, description="Euros.")


class AskAnswerIn(InputSchema):
    answer: Text
    outcome: AskOutcome


class ConflictIn(InputSchema):
    rule_kind: RuleKind
    rule: Text
    description: Text


class ConflictAnswerIn(InputSchema):
    answer: Text
    outcome: ConflictOutcome


class FollowOut(Schema):
    following: bool


class GeoPoint(Schema):
    type: str = "Point"
    coordinates: list[float] = Field(description="[longitude, latitude] (WGS 84).")


class GeoProperties(Schema):
    """An initiative (id, title, status, category, municipality, url), or, in a clustered
    collection, a cluster (`cluster` true and `count`)."""

    id: int | None = None
    title: str | None = None
    status: str | None = None
    category: str | None = None
    municipality: str | None = None
    url: str | None = None
    cluster: bool | None = Field(None, description="True for a cluster of initiatives.")
    count: int | None = Field(None, description="How many initiatives a cluster stands for.")


class GeoFeature(Schema):
    type: str = "Feature"
    geometry: GeoPoint
    properties: GeoProperties


class GeoFeatureCollection(Schema):
    type: str = "FeatureCollection"
    clustered: bool = Field(
        description="True when there were more than 5,000 matches and the features are clusters."
    )
    total: int = Field(description="How many initiatives match (and have a location).")
    features: list[GeoFeature]
