"""The rolling tender: schemes, applications, assessment, decisions and the budget ledger.

Money is in whole euros throughout. A scheme's budget left is never stored: it is derived
from the ledger (see ledger.py), and every write to the ledger takes a lock on the scheme
row first, so two decisions at the same moment cannot both spend the last euro.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from spontaan.core.labels import CachedChoiceLabels
from spontaan.core.links import object_path


def private_storage():
    """Attachments of applications are not public: they are served through a view that
    checks access, never from MEDIA_URL."""
    return storages["private"]


class Mode(models.TextChoices):
    TRANCHES = "tranches", _("tranches with deadlines")
    ROLLING = "rolling", _("rolling: assessed as applications come in")


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("in preparation")
    OPEN = "open", _("open for applications")
    CLOSED = "closed", _("closed")


class Scheme(CachedChoiceLabels, models.Model):
    """A stimulation scheme (stimuleringsregeling) covering one or more municipalities."""

    region = models.ForeignKey("places.Region", on_delete=models.PROTECT, related_name="schemes")
    name = models.CharField(_("name"), max_length=140)
    slug = models.SlugField(_("short name in the web address"), unique=True, max_length=80)
    purpose = models.TextField(_("what the scheme is for"))
    purpose_html = models.TextField(blank=True, editable=False)
    municipalities = models.ManyToManyField(
        "places.Municipality", related_name="schemes", verbose_name=_("municipalities")
    )
    budget_euros = models.PositiveBigIntegerField(_("budget (euros)"))
    max_per_initiative_euros = models.PositiveIntegerField(_("maximum per initiative (euros)"))
    min_cofinancing_percent = models.PositiveSmallIntegerField(
        _("co-financing required (percent of the total cost)"), default=0
    )
    eligible_categories = models.JSONField(_("eligible categories"), default=list, blank=True)
    score_max = models.PositiveSmallIntegerField(_("highest score per criterion"), default=5)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.TRANCHES)
    decision_days = models.PositiveSmallIntegerField(
        _("rolling mode: decision within (working days)"), default=30
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Reviewer", related_name="review_schemes", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tender:scheme", args=[self.slug])


class Funder(models.Model):
    """A party that puts money into a scheme (the municipalities, the province …)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="funders")
    name = models.CharField(_("funder"), max_length=120)
    amount_euros = models.PositiveBigIntegerField(_("share (euros)"))

    class Meta:
        ordering = ["-amount_euros", "id"]
        verbose_name = _("co-funder")
        verbose_name_plural = _("co-funders")

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=120)
    description = models.CharField(_("explanation"), max_length=400, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight (percent)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class Reviewer(models.Model):
    """A member of a scheme's assessment panel."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "user"], name="unique_scheme_reviewer")
        ]
        verbose_name = _("panel member")
        verbose_name_plural = _("assessment panel")

    def __str__(self) -> str:
        return f"{self.user} @ {self.scheme}"


class Tranche(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="tranches")
    name = models.CharField(_("name"), max_length=80)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on (last day to apply)"))
    decide_by = models.DateField(_("decisions by"))

    class Meta:
        ordering = ["opens_on", "id"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    """The scheme's history of modes: a tranche period, then rolling, and so on."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="phases")
    mode = models.CharField(max_length=16, choices=Mode.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("reason for the change"), max_length=400, blank=True)

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"{self.scheme}: {self.mode}"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted, being assessed")
    RETURNED = "returned", _("sent back with questions")
    GRANTED = "granted", _("granted")
    NOT_GRANTED = "not_granted", _("not granted")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Statuses in which the municipality holds the application.
WITH_MUNICIPALITY = {ApplicationStatus.SUBMITTED}
DECIDED = {ApplicationStatus.GRANTED, ApplicationStatus.NOT_GRANTED}


class Application(CachedChoiceLabels, models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="applications")
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    amount_requested = models.PositiveIntegerField(_("amount requested (euros)"), default=0)
    plan = models.TextField(_("plan: what you will do with the money"), blank=True)
    themes = models.JSONField(_("city-profile themes it strengthens"), default=list, blank=True)
    wants_pitch = models.BooleanField(_("we would like to pitch in the werkatelier"), default=False)
    tranche = models.ForeignKey(
        Tranche, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    mode = models.CharField(max_length=16, choices=Mode.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True, db_index=True)
    amount_granted = models.PositiveIntegerField(_("amount granted (euros)"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["scheme", "status"])]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.initiative} → {self.scheme}"

    def get_absolute_url(self) -> str:
        return object_path("tender:application", self.pk)

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED


class Submission(models.Model):
    """One time the application was put to the municipality: the first submission, or an
    answer to its questions. Each one runs its own answer clock."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    answer_to_questions = models.TextField(_("answer to the questions"), blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="unique_submission")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} #{self.number}"


class LineSource(models.TextChoices):
    SCHEME = "scheme", _("asked from this scheme")
    OWN = "own", _("own contribution (money or in kind)")
    OTHER = "other", _("other funder or sponsor")


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    item = models.CharField(_("item"), max_length=160)
    amount_euros = models.PositiveIntegerField(_("amount (euros)"))
    source = models.CharField(_("paid by"), max_length=16, choices=LineSource.choices)
    funder = models.CharField(_("name of the funder"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget plan")

    def __str__(self) -> str:
        return self.item


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="applications/%Y/", storage=private_storage)
    name = models.CharField(_("file name"), max_length=160)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    """One panel member's assessment of one application (or their declared conflict)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    conflict_of_interest = models.BooleanField(default=False)
    conflict_note = models.CharField(_("what the conflict is"), max_length=400, blank=True)
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="unique_review")
        ]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.application_id}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    motivation = models.TextField(_("motivation"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="unique_score")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Outcome(models.TextChoices):
    GRANTED = "granted", _("granted")
    NOT_GRANTED = "not_granted", _("not granted")
    RETURNED = "returned", _("sent back with questions")


class Decision(models.Model):
    """A programme manager's decision. Append-only: a returned application gets a later one."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=16, choices=Outcome.choices)
    amount_euros = models.PositiveIntegerField(_("amount granted (euros)"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    reasoning = models.TextField(_("public reasoning"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.outcome}"


class EntryKind(models.TextChoices):
    COMMIT = "commit", _("commitment")
    PAY = "pay", _("payment")
    RELEASE = "release", _("release of unspent money")


class LedgerEntry(models.Model):
    """One movement in a scheme's budget. Append-only; balances are sums of these."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="ledger")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    amount_euros = models.PositiveIntegerField(_("amount (euros)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["scheme", "kind"])]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger")

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_euros} ({self.application_id})"


class SpendingReport(models.Model):
    """At the end, the initiative reports what it really spent of the grant."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="report")
    realised_euros = models.PositiveIntegerField(_("spent of the grant (euros)"))
    text = models.TextField(_("what was done with the money"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("spending report")
        verbose_name_plural = _("spending reports")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.realised_euros}"
