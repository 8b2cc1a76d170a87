"""What other apps do when someone renames their account, without accounts importing them.

An app that keeps a copy of the name (the network's person-actor) registers a function in its
`AppConfig.ready()`:

    from spontaan.accounts.renames import register_renamer
    register_renamer("actors", actors_rename)    # fn(user, old_name, new_name) -> None

The functions run inside the profile update's transaction.
"""

from collections.abc import Callable

from spontaan.core.registry import register_function

from .models import User

Renamer = Callable[[User, str, str], None]

_renamers: dict[str, Renamer] = {}


def register_renamer(name: str, fn: Renamer) -> None:
    register_function(_renamers, "A renamer", name, fn)


def run_renamers(user: User, old_name: str, new_name: str) -> None:
    for name in sorted(_renamers):
        _renamers[name](user, old_name, new_name)
