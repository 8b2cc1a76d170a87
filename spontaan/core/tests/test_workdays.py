from datetime import date

from spontaan.core.workdays import (
    add_working_days,
    is_working_day,
    public_holidays,
    working_days_between,
)


def test_weekends_and_dutch_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 11, 21))  # Saturday
    assert not is_working_day(date(2026, 4, 27))  # King's Day
    assert not is_working_day(date(2026, 12, 25))
    assert date(2026, 4, 5) in public_holidays(2026)  # Easter Sunday 2026
    assert date(2026, 5, 14) in public_holidays(2026)  # Ascension Day 2026
    assert is_working_day(date(2026, 11, 23))  # a Monday


def test_add_working_days_skips_weekends_and_holidays():
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Friday → Monday
    assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 29)  # over Christmas
    assert add_working_days(date(2026, 11, 23), 10) == date(2026, 12, 7)


def test_working_days_between_counts_days_after_the_start():
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 23)) == 1
    assert working_days_between(date(2026, 11, 23), date(2026, 12, 7)) == 10
    assert working_days_between(date(2026, 12, 7), date(2026, 11, 23)) == 0
