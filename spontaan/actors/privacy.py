"""What the actors app does when an account is renamed or deleted."""

from spontaan.accounts.erasure import register_eraser
from spontaan.accounts.renames import register_renamer

from .services import actors_erase, actors_rename


def register() -> None:
    register_eraser("actors", actors_erase)
    register_renamer("actors", actors_rename)
