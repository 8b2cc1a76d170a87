"""The decided cases on a scheme's public page, ready to show.

What is the same for every case (labels, the caption, the decimal separator) is translated
once per page, and what differs (dates, amounts, the panel's means) is formatted here in one
pass, so the template's loop only prints strings: no translation tag, number localisation or
`floatformat` per case and criterion (on a page of ten cases those cost about ten ms).
"""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from spontaan.core.templatetags.spontaan import euros

from ..models import Application, ApplicationStatus, Scheme


@dataclass(frozen=True)
class CaseRow:
    name: str
    weight: str  # in percent
    mean: str  # "" when nobody scored the criterion
    scored: str  # how many scored it


@dataclass(frozen=True)
class Case:
    application: Application
    decision: object  # the public Decision, or None
    title: str
    initiative_url: str
    url: str
    meta: str
    status_label: str
    amounts: str
    rows: list[CaseRow]
    weighted: str  # "" until every criterion is scored
    full_decision: str


def _decimal(value: float, places: int, separator: str) -> str:
    """As `floatformat:places` for the means (already rounded to `places`)."""
    return f"{value:.{places}f}".replace(".", separator)


def scheme_cases(*, scheme: Scheme, applications: list[Application]) -> dict:
    """`labels` for the table of every case and `cases`, one Case per decided application
    (as `scheme_attach_public` left them: `public_decision`, `criterion_means`, `weighted`)."""
    separator = formats.get_format("DECIMAL_SEPARATOR")
    labels = {
        "reasoning": _("Reasoning:"),
        "conditions": _("Conditions:"),
        "caption": _("The panel's mean score per criterion (1 to %(top)s)")
        % {"top": scheme.score_max},
        "criterion": _("Criterion"),
        "mean": _("Mean"),
        "scores": _("Scores"),
        "weighted": _("Weighted mean"),
    }
    cases = []
    for application in applications:
        initiative = application.initiative
        meta = [initiative.municipality.name]
        if application.decided_at:
            day = formats.date_format(timezone.localtime(application.decided_at), "j F Y")
            meta.append(_("decided on %(date)s") % {"date": day})
        if application.tranche:
            meta.append(application.tranche.name)
        if application.status == ApplicationStatus.GRANTED:
            amounts = _("%(granted)s of the %(requested)s requested") % {
                "granted": euros(application.amount_granted),
                "requested": euros(application.amount_requested),
            }
        else:
            amounts = _("%(requested)s requested") % {
                "requested": euros(application.amount_requested)
            }
        rows = [
            CaseRow(
                name=criterion.name,
                weight=str(criterion.weight),
                mean=_decimal(mean[0], 1, separator) if mean else "",
                scored=str(mean[1]) if mean else "0",
            )
            for criterion, mean in application.criterion_means
        ]
        weighted = application.weighted
        cases.append(
            Case(
                application=application,
                decision=application.public_decision,
                title=initiative.title,
                initiative_url=initiative.get_absolute_url(),
                url=application.get_absolute_url(),
                meta=" · ".join(meta),
                status_label=application.get_status_display(),
                amounts=amounts,
                rows=rows,
                weighted="" if weighted is None else _decimal(weighted, 2, separator),
                full_decision=_("The full decision on “%(title)s”") % {"title": initiative.title},
            )
        )
    return {"labels": labels, "cases": cases}
