from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import user_municipalities_with_role
from spontaan.core.figures import figure_definitions
from spontaan.places.selectors import municipality_get

from .figures import FIGURES
from .selectors import clock_queue, responsiveness_for, responsiveness_overview

FIGURE_KEYS = [figure.key for figure in FIGURES]


@require_GET
def responsiveness_index(request):
    return render(
        request,
        "clock/responsiveness_index.html",
        {"rows": responsiveness_overview(), "definitions": figure_definitions(FIGURE_KEYS)},
    )


@require_GET
def responsiveness_detail(request, slug):
    municipality = municipality_get(slug=slug)
    figures = responsiveness_for(municipality=municipality)
    return render(
        request,
        "clock/responsiveness_detail.html",
        {
            "municipality": municipality,
            "figures": figures,
            "chart": _chart(figures),
            "definitions": figure_definitions(FIGURE_KEYS),
        },
    )


def _chart(figures) -> dict:
    """Geometry of the stacked monthly bar chart, drawn as SVG (no script, no inline style)."""
    width, height, top, base = 600, 220, 16, 196
    months = figures.months
    peak = max([m.submitted for m in months] + [1])
    slot = width / max(len(months), 1)
    scale = (base - top) / peak
    bars = []
    for i, m in enumerate(months):
        intime, late = m.answered_in_time, m.answered - m.answered_in_time
        still_open = m.submitted - m.answered
        h_intime, h_late, h_open = intime * scale, late * scale, still_open * scale
        x = i * slot + slot * 0.15
        bars.append(
            {
                "month": m.month,
                "total": m.submitted,
                "x": round(x, 1),
                "w": round(slot * 0.7, 1),
                "h_intime": round(h_intime, 1),
                "y_intime": round(base - h_intime, 1),
                "h_late": round(h_late, 1),
                "y_late": round(base - h_intime - h_late, 1),
                "h_open": round(h_open, 1),
                "y_open": round(base - h_intime - h_late - h_open, 1),
                "label_x": round(i * slot + slot / 2, 1),
                "value_y": round(base - h_intime - h_late - h_open - 3, 1),
            }
        )
    return {"width": width, "height": height, "base": base, "label_y": height - 6, "bars": bars}


@login_required
@require_GET
def queue(request):
    municipality_ids = user_municipalities_with_role(
        user=request.user, roles={Role.CONNECTOR, Role.PROGRAMME_MANAGER}
    )
    if not municipality_ids:
        raise PermissionDenied
    page = Paginator(clock_queue(municipality_ids=municipality_ids), 50).get_page(
        request.GET.get("pagina")
    )
    return render(request, "clock/queue.html", {"page": page, "today": timezone.localdate()})
