"""A page of the filtered list of initiatives, for the list and map pages (a selector).

Without a search term the count is exact: it comes from an index and stays cheap at 100,000
initiatives. With one, matching is a trigram search whose cost grows with the matches, so
the count stops at `SEARCH_COUNT_CAP` (core.paging.CappedPaginator): "more than 1,000" is as
useful to a person as 57,287, and the first 50 pages can still be browsed.
"""

from django.core.paginator import Page, Paginator

from spontaan.accounts.selectors import AnyUser
from spontaan.core.paging import CappedPaginator

from .selectors import InitiativeFilters, initiative_list

PAGE_SIZE = 20
SEARCH_COUNT_CAP = 1000


def initiative_page(*, user: AnyUser, filters: InitiativeFilters, number) -> Page:
    """The page `number` (anything; an invalid one gives the first or last) of the initiatives
    `initiative_list` gives this person with these filters. `page.paginator.capped` says
    whether a search matched more than the cap."""
    qs = initiative_list(user=user, filters=filters)
    if filters.q:
        paginator = CappedPaginator(qs, PAGE_SIZE, cap=SEARCH_COUNT_CAP)
    else:
        paginator = Paginator(qs, PAGE_SIZE)
    return paginator.get_page(number)
