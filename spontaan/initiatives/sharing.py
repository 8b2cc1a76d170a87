"""How the pages of initiatives share their parts between people (core.fragments)."""

from spontaan.accounts.selectors import user_roles
from spontaan.core.fragments import shared_value

from .selectors import visibility_scope


def list_scope(request) -> str:
    """`visibility_scope` of the person asking, for pages that show the `initiatives` area
    (the list, the map, the API list). It is kept per person, their roles and the page's
    content versions: every change that can change it (an initiative hidden or restored, a
    team joined or left, an initiative created) touches `initiatives`, a role is in the key,
    and an edit in the admin raises `site`. So the query runs once per change, not per page."""
    user = request.user
    if not user.is_authenticated:
        return ""
    roles = sorted((m, sorted(r)) for m, r in user_roles(user=user).items())
    return shared_value(
        request,
        "initiatives.visibility_scope",
        [user.pk, roles],
        lambda: visibility_scope(user=user),
    )
