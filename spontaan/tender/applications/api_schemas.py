"""The input and output schemas of the applications API."""

from datetime import datetime

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt

from spontaan.core.api_schemas import MAX_ID, InputSchema, PageIn, Text
from spontaan.tender.api_common import (
    CriterionMeanOut,
    InitiativeRefOut,
)

from ..models import LineSource, Outcome


class SchemeRefOut(Schema):
    slug: str
    name: str


class ApplicationListItemOut(Schema):
    id: int
    status: str
    status_label: str
    scheme: SchemeRefOut
    initiative: InitiativeRefOut
    amount_requested: int
    amount_granted: int | None
    submitted_at: datetime | None
    decided_at: datetime | None
    updated_at: datetime
    url: str


class ApplicationPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ApplicationListItemOut]


class ApplicationFiltersIn(PageIn):
    scheme: str = Field(
        "",
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]*$",
        description="Only applications to this scheme (slug).",
    )


class BudgetLineOut(Schema):
    item: str
    amount_euros: int
    source: str
    funder: str


class BudgetTotalsOut(Schema):
    total: int
    asked: int
    cofinancing: int
    cofinancing_percent: float


class AttachmentOut(Schema):
    id: int
    name: str
    size: int = Field(description="Bytes.")
    uploaded_at: datetime


class SubmissionOut(Schema):
    number: int
    submitted_at: datetime
    answer_to_questions: str


class DecisionOut(Schema):
    outcome: str
    outcome_label: str
    amount: int | None
    reasoning: str = Field(description="Public reasoning, or the questions when sent back.")
    conditions: str
    decided_at: datetime


class GrantOut(Schema):
    committed: int
    paid: int
    open: int = Field(description="Committed and not yet paid.")


class ReportOut(Schema):
    realised_euros: int
    text: str
    submitted_at: datetime


class ApplicationLedgerEntryOut(Schema):
    kind: str
    kind_label: str
    amount: int
    note: str
    created_at: datetime


class ApplicationOut(Schema):
    id: int
    url: str
    status: str
    status_label: str
    mode: str
    tranche: str | None
    scheme: SchemeRefOut
    initiative: InitiativeRefOut
    amount_requested: int
    amount_granted: int | None
    created_at: datetime
    updated_at: datetime
    first_submitted_at: datetime | None
    submitted_at: datetime | None
    decided_at: datetime | None
    plan: str | None = Field(description="Null for those who only see the public part.")
    themes: list[str] | None
    wants_pitch: bool | None
    budget_lines: list[BudgetLineOut]
    totals: BudgetTotalsOut | None
    attachments: list[AttachmentOut]
    submissions: list[SubmissionOut]
    decisions: list[DecisionOut]
    criterion_means: list[CriterionMeanOut]
    weighted_score: float | None
    panel_size: int
    submitted_reviews: int
    score_view: str = Field(
        description='Which scores the caller may read: "all", "own" or "" (none).'
    )
    ledger: list[ApplicationLedgerEntryOut]
    grant: GrantOut | None
    report: ReportOut | None
    roles: list[str] = Field(
        description="The caller's roles for this application: team, "
        "panel, conflicted, manager, staff."
    )


class ScoreOut(Schema):
    criterion_id: int
    criterion: str
    value: int
    motivation: str


class ReviewOut(Schema):
    id: int
    reviewer: str = Field(description="The panel member's public display name.")
    is_own: bool
    conflict_of_interest: bool
    conflict_note: str
    comment: str
    submitted_at: datetime | None
    updated_at: datetime
    scores: list[ScoreOut]


class ReviewsOut(Schema):
    view: str = Field(description='"all", or "own" until the caller submitted their own.')
    reviews: list[ReviewOut]


class ApplicationCreateIn(InputSchema):
    initiative: StrictInt = Field(ge=1, le=MAX_ID, description="The initiative's id.")
    scheme: Text = Field(max_length=80, description="The scheme's slug.")


class BudgetLineIn(InputSchema):
    item: Text
    amount_euros: StrictInt
    source: LineSource
    funder: Text = Field("", description="Required when source is other.")


class ApplicationPatchIn(InputSchema):
    amount_requested: StrictInt | None = None
    plan: Text | None = Field(None, description="What you will do with the money.")
    themes: list[Text] | None = Field(None, description="Themes of the city profile.")
    wants_pitch: StrictBool | None = None
    budget_lines: list[BudgetLineIn] | None = Field(
        None,
        description="Replaces the whole budget plan. The lines asked from the scheme "
        "add up to the amount requested.",
    )


class SubmitIn(InputSchema):
    answer_to_questions: Text = Field(
        "", description="Required when the application was sent back with questions."
    )


class WithdrawIn(InputSchema):
    reason: Text = ""


class ScoreIn(InputSchema):
    value: StrictInt
    motivation: Text = ""


class ReviewIn(InputSchema):
    scores: dict[int, ScoreIn] = Field(description="Criterion id → score and motivation.")
    comment: Text = ""
    submit: StrictBool = Field(True, description="False keeps it as a draft only you can read.")


class ConflictDeclareIn(InputSchema):
    note: Text = Field("", description="What the conflict of interest is.")


class DecisionIn(InputSchema):
    outcome: Outcome
    amount: StrictInt | None = Field(None, description="Euros; only for granted.")
    reasoning: Text = Field(
        "", description="Public reasoning (or your questions, when sending back)."
    )
    conditions: Text = ""


class PaymentIn(InputSchema):
    amount: StrictInt
    note: Text = ""


class ReleaseIn(InputSchema):
    amount: StrictInt
    note: Text = Field("", description="Why the money goes back (required).")


class ReportIn(InputSchema):
    realised_euros: StrictInt
    text: Text = ""
