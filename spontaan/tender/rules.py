"""Rules of the tender that several parts use, as plain data and pure functions."""

from collections.abc import Iterable

from .models import LineSource


def budget_totals(lines: Iterable) -> dict:
    """Total cost, asked from the scheme, co-financing (own plus other funders)."""
    total = asked = 0
    for line in lines:
        amount = line["amount_euros"] if isinstance(line, dict) else line.amount_euros
        source = line["source"] if isinstance(line, dict) else line.source
        total += amount
        if source == LineSource.SCHEME:
            asked += amount
    cofinancing = total - asked
    return {
        "total": total,
        "asked": asked,
        "cofinancing": cofinancing,
        "cofinancing_percent": round(100 * cofinancing / total, 1) if total else 0.0,
    }
