"""Reads of the budget ledger. Balances are derived from the entries, never stored:
committed = commitments − releases, left = budget − committed (ADR 6)."""

from dataclasses import dataclass, field

from django.db.models import Case, F, Q, QuerySet, Sum, Value, When

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import AnyUser, user_roles

from .. import ledger
from ..models import Application, ApplicationStatus, EntryKind, LedgerEntry, Scheme


@dataclass(frozen=True)
class Budget:
    budget: int
    committed: int  # commitments minus releases
    paid: int
    released: int
    funders: list = field(default_factory=list)

    @property
    def available(self) -> int:
        return self.budget - self.committed

    @property
    def committed_percent(self) -> float:
        return round(100 * self.committed / self.budget, 1) if self.budget else 0.0

    @property
    def paid_percent(self) -> float:
        return round(100 * self.paid / self.budget, 1) if self.budget else 0.0


def scheme_budget(*, scheme: Scheme) -> Budget:
    """Budget left = budget − (commitments − releases). One definition, used everywhere."""
    sums = dict(
        LedgerEntry.objects.filter(scheme=scheme)
        .values_list("kind")
        .annotate(total=Sum("amount_euros"))
    )
    commit, pay, release = (
        sums.get(k, 0) or 0 for k in (EntryKind.COMMIT, EntryKind.PAY, EntryKind.RELEASE)
    )
    return Budget(
        budget=scheme.budget_euros,
        committed=commit - release,
        paid=pay,
        released=release,
        funders=list(scheme.funders.all()),
    )


def scheme_ledger_state(*, scheme: Scheme) -> ledger.Ledger:
    return ledger.replay(
        scheme.budget_euros,
        LedgerEntry.objects.filter(scheme=scheme).values_list(
            "kind", "application_id", "amount_euros"
        ),
    )


def scheme_ledger(*, scheme: Scheme, user: AnyUser) -> QuerySet[LedgerEntry]:
    """Every entry of a shared scheme's ledger, with `visible_note`: the managers' note only
    where the reader manages the municipality of the entry's application (a payment note of
    another municipality's application can name an account number). Amounts are for all the
    scheme's programme managers."""
    managed = [m for m, roles in user_roles(user=user).items() if Role.PROGRAMME_MANAGER in roles]
    return (
        LedgerEntry.objects.filter(scheme=scheme)
        .select_related("application__initiative", "created_by")
        .annotate(
            visible_note=Case(
                When(
                    Q(application__isnull=True)
                    | Q(application__initiative__municipality_id__in=managed),
                    then=F("note"),
                ),
                default=Value(""),
            )
        )
        .order_by("-created_at", "-id")
    )


def grant_releasable(*, grant: ledger.Grant, realised: int | None) -> int | None:
    """What can still be released of a grant: what it commits minus what was paid or spent,
    whichever is more (paid money cannot be released, spent money should not be). Releases
    already booked have lowered what it commits. None before the spending report."""
    if realised is None:
        return None
    return max(grant.committed - max(grant.paid, realised), 0)


@dataclass(frozen=True)
class GrantLine:
    application: Application
    granted: int
    committed: int  # granted minus released
    paid: int
    realised: int | None  # what the initiative reported spending; None before its report

    @property
    def open(self) -> int:
        return self.committed - self.paid

    @property
    def releasable(self) -> int | None:
        return grant_releasable(
            grant=ledger.Grant(self.committed, self.paid), realised=self.realised
        )


def scheme_grant_report(*, scheme: Scheme, municipality_ids: set[int]) -> list[GrantLine]:
    """Per grant: granted, committed, paid and realised (from the spending report). Three
    queries, whatever the number of grants."""
    applications = list(
        Application.objects.filter(
            scheme=scheme,
            status=ApplicationStatus.GRANTED,
            initiative__municipality_id__in=municipality_ids,
        )
        .select_related("initiative__municipality", "report")
        .order_by("decided_at", "id")
    )
    state = scheme_ledger_state(scheme=scheme)
    lines = []
    for application in applications:
        grant = state.grant(application.pk)
        report = getattr(application, "report", None)
        lines.append(
            GrantLine(
                application=application,
                granted=application.amount_granted or 0,
                committed=grant.committed,
                paid=grant.paid,
                realised=report.realised_euros if report else None,
            )
        )
    return lines


def grant_room_left(*, application: Application) -> int:
    """What the scheme can still give this initiative: the maximum per initiative minus what
    its earlier grants from the scheme still commit (releases give room back)."""
    earlier = LedgerEntry.objects.filter(
        application__scheme_id=application.scheme_id,
        application__initiative_id=application.initiative_id,
    ).exclude(application_id=application.pk)
    committed = ledger.replay(
        0, earlier.values_list("kind", "application_id", "amount_euros")
    ).committed
    return max(application.scheme.max_per_initiative_euros - committed, 0)
