"""HTML pages of the rolling tender: schemes (public, set-up, management) and applications
(initiators, reviewers, programme managers)."""

from .applications import *  # noqa: F403
from .schemes import *  # noqa: F403
