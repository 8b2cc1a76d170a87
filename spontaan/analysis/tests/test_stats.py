import pytest

from spontaan.analysis.stats import median, percentile


def test_percentile_interpolates_like_numpy():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert percentile(values, 50) == 5.5
    assert percentile(values, 90) == pytest.approx(9.1)
    assert percentile(values, 0) == 1
    assert percentile(values, 100) == 10


def test_percentile_of_nothing_is_none_and_of_one_value_is_that_value():
    assert percentile([], 90) is None
    assert median([4]) == 4


def test_percentile_rejects_out_of_range_q():
    with pytest.raises(ValueError):
        percentile([1, 2], 101)
