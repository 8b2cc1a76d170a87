"""Which cached public pages a write of the tender makes stale (see `core.pagecache`).

Every write of the tender calls one of these in its transaction. The schemes' pages (the
list, a scheme, an application, the API) show the `schemes` area (`tender/pages.py`); an
initiative's page shows its applications and grants in its own area."""

from collections.abc import Iterable

from spontaan.core.pagecache import area, touch

from .models import Application, Scheme


def scheme_changed(scheme: Scheme, *, initiative_ids: Iterable[int] | None = None) -> None:
    """The scheme changed; so did the pages of the initiatives that applied to it (they show
    its name and their applications), or only of `initiative_ids` when given."""
    if initiative_ids is None:
        initiative_ids = (
            Application.objects.filter(scheme=scheme)
            .values_list("initiative_id", flat=True)
            .distinct()
        )
    touch("schemes", area("scheme", scheme.slug), *(area("initiative", i) for i in initiative_ids))


def application_changed(application: Application) -> None:
    scheme_changed(application.scheme, initiative_ids=[application.initiative_id])
