"""The rules of a scheme's budget ledger, as pure functions over plain numbers.

A ledger is a list of entries (kind, application id, amount in euros). From it follow, per
grant, what is committed (commitments minus releases) and what is paid, and for the scheme
what is committed in total and what is left. The rules:

- every amount is a whole number of euros greater than zero;
- a commitment may not make the total committed exceed the budget;
- a payment may not make what is paid on a grant exceed what is committed on it;
- a release may only free money that is committed on a grant and not yet paid.

So at every point: 0 <= paid <= committed per grant, and total committed <= budget. The
services apply these rules while holding a lock on the scheme, and the property tests in
tests/test_ledger_rules.py check them on random sequences of entries.

No Django here: the same rules serve the services, the tests and any offline check.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

COMMIT = "commit"
PAY = "pay"
RELEASE = "release"
KINDS = (COMMIT, PAY, RELEASE)


class LedgerError(ValueError):
    """An entry that breaks a rule. `code` says which one (for messages and tests)."""

    def __init__(self, code: str, *, available: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.available = available


@dataclass(frozen=True)
class Grant:
    committed: int = 0  # commitments minus releases
    paid: int = 0

    @property
    def open(self) -> int:
        """Committed and not yet paid: what can still be paid or released."""
        return self.committed - self.paid


@dataclass
class Ledger:
    budget: int
    grants: dict[int, Grant] = field(default_factory=dict)

    @property
    def committed(self) -> int:
        return sum(g.committed for g in self.grants.values())

    @property
    def paid(self) -> int:
        return sum(g.paid for g in self.grants.values())

    @property
    def available(self) -> int:
        return self.budget - self.committed

    def grant(self, application_id: int) -> Grant:
        return self.grants.get(application_id, Grant())


def check(ledger: Ledger, kind: str, application_id: int, amount: int) -> None:
    """Raise LedgerError when the entry breaks a rule; return quietly when it may be booked."""
    if kind not in KINDS:
        raise LedgerError("unknown_kind")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise LedgerError("amount_not_positive")
    grant = ledger.grant(application_id)
    if kind == COMMIT and amount > ledger.available:
        raise LedgerError("over_budget", available=ledger.available)
    if kind == PAY and amount > grant.open:
        raise LedgerError("over_committed", available=grant.open)
    if kind == RELEASE and amount > grant.open:
        raise LedgerError("release_over_open", available=grant.open)


def book(ledger: Ledger, kind: str, application_id: int, amount: int) -> Ledger:
    """Check the entry and return the ledger with it booked (the input is left as it is)."""
    check(ledger, kind, application_id, amount)
    grant = ledger.grant(application_id)
    if kind == COMMIT:
        grant = Grant(grant.committed + amount, grant.paid)
    elif kind == PAY:
        grant = Grant(grant.committed, grant.paid + amount)
    else:
        grant = Grant(grant.committed - amount, grant.paid)
    return Ledger(ledger.budget, {**ledger.grants, application_id: grant})


def replay(budget: int, entries: Iterable[tuple[str, int, int]]) -> Ledger:
    """Build the balances from stored entries, without checking them again."""
    grants: dict[int, list[int]] = {}
    for kind, application_id, amount in entries:
        committed_paid = grants.setdefault(application_id, [0, 0])
        if kind == COMMIT:
            committed_paid[0] += amount
        elif kind == RELEASE:
            committed_paid[0] -= amount
        elif kind == PAY:
            committed_paid[1] += amount
    return Ledger(budget, {a: Grant(c, p) for a, (c, p) in grants.items()})


def budget_change_allowed(ledger: Ledger, new_budget: int) -> bool:
    """A budget may shrink, but never below what is already committed."""
    return new_budget >= ledger.committed
