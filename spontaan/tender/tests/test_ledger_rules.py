"""The pure rules of the budget ledger (ledger.py), by example and as properties that hold on
random sequences of entries."""

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spontaan.tender import ledger
from spontaan.tender.ledger import COMMIT, PAY, RELEASE, Grant, Ledger, LedgerError


def _book_all(budget, entries):
    state = Ledger(budget)
    for entry in entries:
        state = ledger.book(state, *entry)
    return state


# --- examples ---------------------------------------------------------------------------------


def test_an_empty_ledger_has_the_whole_budget_available():
    state = Ledger(10_000)
    assert (state.committed, state.paid, state.available) == (0, 0, 10_000)
    assert state.grant(7) == Grant(0, 0)
    assert state.grant(7).open == 0


def test_commit_pay_and_release_move_the_balances():
    state = _book_all(
        10_000, [(COMMIT, 1, 6000), (COMMIT, 2, 3000), (PAY, 1, 2500), (RELEASE, 1, 1000)]
    )
    assert state.grant(1) == Grant(committed=5000, paid=2500)
    assert state.grant(1).open == 2500
    assert state.grant(2) == Grant(committed=3000, paid=0)
    assert (state.committed, state.paid, state.available) == (8000, 2500, 2000)


def test_book_leaves_the_input_ledger_as_it_was():
    before = _book_all(10_000, [(COMMIT, 1, 4000)])
    after = ledger.book(before, PAY, 1, 1000)
    assert before.grant(1) == Grant(4000, 0)
    assert after.grant(1) == Grant(4000, 1000)


def test_the_last_euro_can_be_committed_but_not_one_more():
    state = _book_all(10_000, [(COMMIT, 1, 9999)])
    with pytest.raises(LedgerError) as exc:
        ledger.book(state, COMMIT, 2, 2)
    assert exc.value.code == "over_budget"
    assert exc.value.available == 1
    assert ledger.book(state, COMMIT, 2, 1).available == 0


def test_a_release_gives_money_back_to_the_budget():
    state = _book_all(10_000, [(COMMIT, 1, 10_000)])
    with pytest.raises(LedgerError):
        ledger.book(state, COMMIT, 2, 1)
    state = ledger.book(state, RELEASE, 1, 4000)
    assert state.available == 4000
    assert ledger.book(state, COMMIT, 2, 4000).available == 0


@pytest.mark.parametrize("amount", [0, -1, 2.5, 3000.0, "3000", None, True, False])
def test_amounts_must_be_whole_positive_euros(amount):
    state = Ledger(10_000)
    with pytest.raises(LedgerError) as exc:
        ledger.check(state, COMMIT, 1, amount)
    assert exc.value.code == "amount_not_positive"


def test_unknown_kinds_are_refused():
    with pytest.raises(LedgerError) as exc:
        ledger.check(Ledger(10_000), "gift", 1, 100)
    assert exc.value.code == "unknown_kind"


def test_no_payment_beyond_what_is_committed_and_unpaid():
    state = _book_all(10_000, [(COMMIT, 1, 3000), (PAY, 1, 2000)])
    with pytest.raises(LedgerError) as exc:
        ledger.book(state, PAY, 1, 1001)
    assert (exc.value.code, exc.value.available) == ("over_committed", 1000)
    with pytest.raises(LedgerError) as exc:
        ledger.book(state, PAY, 2, 1)  # nothing committed on application 2
    assert (exc.value.code, exc.value.available) == ("over_committed", 0)
    assert ledger.book(state, PAY, 1, 1000).grant(1) == Grant(3000, 3000)


def test_no_release_of_money_that_is_already_paid():
    state = _book_all(10_000, [(COMMIT, 1, 3000), (PAY, 1, 2000)])
    with pytest.raises(LedgerError) as exc:
        ledger.book(state, RELEASE, 1, 1001)
    assert (exc.value.code, exc.value.available) == ("release_over_open", 1000)
    with pytest.raises(LedgerError):
        ledger.book(state, RELEASE, 2, 1)


def test_replay_rebuilds_the_same_balances_as_booking():
    entries = [
        (COMMIT, 1, 6000),
        (COMMIT, 2, 3000),
        (PAY, 1, 2500),
        (RELEASE, 1, 1000),
        (PAY, 2, 3000),
    ]
    assert ledger.replay(10_000, entries) == _book_all(10_000, entries)


def test_replay_does_not_check_again():
    """Stored entries are history: replay adds them up even when they would now be refused
    (for instance after a budget was lowered to exactly what was committed)."""
    state = ledger.replay(1000, [(COMMIT, 1, 1500)])
    assert (state.committed, state.available) == (1500, -500)


def test_budget_change_allowed_down_to_what_is_committed():
    state = _book_all(10_000, [(COMMIT, 1, 6000), (PAY, 1, 1000), (COMMIT, 2, 1500)])
    assert ledger.budget_change_allowed(state, 20_000)
    assert ledger.budget_change_allowed(state, 7500)
    assert not ledger.budget_change_allowed(state, 7499)
    state = ledger.book(state, RELEASE, 1, 5000)  # committed is now 2500
    assert ledger.budget_change_allowed(state, 2500)
    assert not ledger.budget_change_allowed(state, 2499)


# --- properties -------------------------------------------------------------------------------

entries_strategy = st.lists(
    st.tuples(
        st.sampled_from([COMMIT, COMMIT, PAY, RELEASE]),  # commitments a bit more often
        st.integers(min_value=1, max_value=5),
        st.integers(min_value=-50, max_value=4000),
    ),
    max_size=60,
)


def _assert_invariants(state: Ledger, budget: int) -> None:
    assert state.budget == budget
    assert state.committed <= budget
    assert state.available == budget - state.committed
    assert state.available >= 0
    for grant in state.grants.values():
        assert 0 <= grant.paid <= grant.committed
        assert grant.open == grant.committed - grant.paid
    assert state.paid == sum(g.paid for g in state.grants.values())


@settings(max_examples=300, deadline=None)
@given(budget=st.integers(min_value=0, max_value=20_000), entries=entries_strategy)
def test_random_sequences_keep_the_ledger_sound(budget, entries):
    state = Ledger(budget)
    accepted = []
    for kind, application_id, amount in entries:
        before = state
        snapshot = (dict(before.grants), before.committed, before.paid, before.available)
        try:
            state = ledger.book(state, kind, application_id, amount)
        except LedgerError as exc:
            # a refused entry changes nothing, and the error says why
            assert state is before
            assert (dict(state.grants), state.committed, state.paid, state.available) == snapshot
            assert exc.code in {
                "amount_not_positive",
                "over_budget",
                "over_committed",
                "release_over_open",
            }
            if amount <= 0:
                assert exc.code == "amount_not_positive"
        else:
            assert amount > 0
            accepted.append((kind, application_id, amount))
            # the input ledger is not changed by booking
            assert (
                dict(before.grants),
                before.committed,
                before.paid,
                before.available,
            ) == snapshot
        _assert_invariants(state, budget)
        assert ledger.replay(budget, accepted) == state


@settings(max_examples=200, deadline=None)
@given(budget=st.integers(min_value=1, max_value=20_000), entries=entries_strategy)
def test_check_accepts_exactly_what_book_accepts(budget, entries):
    state = Ledger(budget)
    for entry in entries:
        try:
            ledger.check(state, *entry)
            checked = True
        except LedgerError:
            checked = False
        try:
            state = ledger.book(state, *entry)
            booked = True
        except LedgerError:
            booked = False
        assert checked == booked


@settings(max_examples=200, deadline=None)
@given(
    budget=st.integers(min_value=1, max_value=20_000),
    entries=entries_strategy,
    new_budget=st.integers(min_value=0, max_value=25_000),
)
def test_a_budget_change_that_is_allowed_keeps_the_ledger_sound(budget, entries, new_budget):
    state = Ledger(budget)
    for entry in entries:
        with contextlib.suppress(LedgerError):
            state = ledger.book(state, *entry)
    allowed = ledger.budget_change_allowed(state, new_budget)
    assert allowed == (new_budget >= state.committed)
    if allowed:
        changed = Ledger(new_budget, dict(state.grants))
        _assert_invariants(changed, new_budget)
    else:
        assert Ledger(new_budget, dict(state.grants)).available < 0


@settings(max_examples=200, deadline=None)
@given(
    budget=st.integers(min_value=1, max_value=5000),
    amounts=st.lists(st.integers(min_value=1, max_value=2000), max_size=30),
)
def test_commitments_fill_the_budget_greedily_and_never_beyond(budget, amounts):
    """Commitments alone are accepted exactly while they fit in what is left."""
    state = Ledger(budget)
    expected = 0
    for number, amount in enumerate(amounts):
        fits = expected + amount <= budget
        try:
            state = ledger.book(state, COMMIT, number, amount)
        except LedgerError as exc:
            assert not fits
            assert exc.code == "over_budget"
            assert exc.available == budget - expected
        else:
            assert fits
            expected += amount
        assert state.committed == expected
