"""Pages of long lists whose full count would cost more than the page itself.

A search that matches most of 100,000 rows spends its time counting them: the page of 20
comes from the index at once, the exact count reads every match. `CappedPaginator` counts at
most `cap` rows (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`), so the cost stops growing with
the matches; beyond the cap the list says "more than cap" and offers the first `cap` rows in
pages, and asks to narrow the search for the rest.
"""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _bounded_count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def capped(self) -> bool:
        """Whether there are more rows than the cap (the count then says `cap`)."""
        return self._bounded_count > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)
