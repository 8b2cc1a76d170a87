"""The lifecycle of an initiative: which move is allowed, and who may make it.

"Applied", "granted" and "not granted" are not in this table: the rolling tender
(spontaan.tender) moves an initiative there when its team submits an application and when a
programme manager decides on it, so the status always matches a real application.

Roles: "team" (the initiator and team members with an account), "connector" and
"programme_manager" (of the initiative's municipality).
"""

from .models import Status

TEAM = "team"
CONNECTOR = "connector"
PROGRAMME_MANAGER = "programme_manager"

_ACTIVE = [Status.IDEA, Status.LOOKING_FOR_PARTNERS, Status.IN_WERKATELIER]

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Status.IDEA, Status.LOOKING_FOR_PARTNERS): frozenset({TEAM, CONNECTOR}),
    (Status.LOOKING_FOR_PARTNERS, Status.IDEA): frozenset({TEAM}),
    (Status.IDEA, Status.IN_WERKATELIER): frozenset({CONNECTOR}),
    (Status.LOOKING_FOR_PARTNERS, Status.IN_WERKATELIER): frozenset({CONNECTOR}),
    (Status.IN_WERKATELIER, Status.LOOKING_FOR_PARTNERS): frozenset({TEAM, CONNECTOR}),
    (Status.GRANTED, Status.RUNNING): frozenset({TEAM, CONNECTOR}),
    (Status.NOT_GRANTED, Status.LOOKING_FOR_PARTNERS): frozenset({TEAM}),
    (Status.NOT_GRANTED, Status.RUNNING): frozenset({TEAM}),
    **{(s, Status.RUNNING): frozenset({TEAM}) for s in _ACTIVE},
    (Status.RUNNING, Status.REALISED): frozenset({TEAM, CONNECTOR}),
    **{
        (s, Status.STOPPED): frozenset({TEAM, PROGRAMME_MANAGER})
        for s in [*_ACTIVE, Status.APPLIED, Status.GRANTED, Status.NOT_GRANTED, Status.RUNNING]
    },
    (Status.STOPPED, Status.IDEA): frozenset({TEAM}),
}

# Moves that need a public reason (an ending).
NOTE_REQUIRED = {Status.STOPPED}

# Moves that only a process makes (see initiatives.services.initiative_follow_process): an
# application submitted, decided or withdrawn. Nobody makes them by hand.
PROCESS_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        *((s, Status.APPLIED) for s in [*_ACTIVE, Status.NOT_GRANTED]),
        # a running initiative that gets (more) money keeps running
        *((s, Status.GRANTED) for s in [*_ACTIVE, Status.APPLIED, Status.NOT_GRANTED]),
        (Status.APPLIED, Status.NOT_GRANTED),
        (Status.APPLIED, Status.LOOKING_FOR_PARTNERS),  # its last application was withdrawn
    }
)

# Early on, asking the municipality for help is the team's main next step (above applying
# for money): the initiative's page leads with it.
ASK_FIRST = frozenset(_ACTIVE)

# An initiative that has ended takes part in no new process (it cannot apply for money).
ENDED = frozenset({Status.REALISED, Status.STOPPED})


def allowed_targets(current: str, roles: set[str]) -> list[str]:
    """The statuses someone with these roles may move an initiative to, in lifecycle order."""
    order = list(Status.values)
    targets = [to for (frm, to), who in TRANSITIONS.items() if frm == current and who & roles]
    return sorted(set(targets), key=order.index)


def may_transition(current: str, target: str, roles: set[str]) -> bool:
    return bool(TRANSITIONS.get((current, target), frozenset()) & roles)


def may_follow_process(current: str, target: str) -> bool:
    """May a process (the tender) move an initiative from `current` to `target`?"""
    return (current, target) in PROCESS_TRANSITIONS


def ask_leads(status: str) -> bool:
    """Is asking the municipality for help the team's main next step in this status?"""
    return status in ASK_FIRST
