from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from spontaan.core.validation import parse_id

from .selectors import notification_list
from .services import notification_mark_read


@login_required
@require_GET
def notification_list_view(request):
    page = Paginator(notification_list(user=request.user), 30).get_page(request.GET.get("pagina"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_read(request):
    raw = request.POST.get("id")
    notification_id = parse_id(raw)
    notification_mark_read(user=request.user, notification_id=notification_id)
    return redirect("notifications:list")
