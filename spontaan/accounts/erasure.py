"""What other apps do when someone deletes their account, without accounts importing them.

`user_delete` pseudonymises the account and keeps contributions. An app that holds personal
data that should go with it (follows, notification e-mail settings, private notes) registers
a function in its `AppConfig.ready()`:

    from spontaan.accounts.erasure import register_eraser
    register_eraser("notifications", notifications_erase)    # fn(user) -> None

The functions run inside the deletion's transaction, before the account is pseudonymised
(so they still see the old e-mail address and name); an exception aborts the deletion.
"""

from collections.abc import Callable

from spontaan.core.registry import register_function

from .models import User

Eraser = Callable[[User], None]

_erasers: dict[str, Eraser] = {}


def register_eraser(name: str, fn: Eraser) -> None:
    register_function(_erasers, "An eraser", name, fn)


def unregister_eraser(name: str) -> None:
    _erasers.pop(name, None)


def run_erasers(user: User) -> None:
    for name in sorted(_erasers):
        _erasers[name](user)
