"""HTML pages of the rolling tender (being built; see urls.py for the pages)."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


scheme_list_view = scheme_new = review_queue_view = my_applications = _todo
application_view = application_edit = application_submit_view = _todo
application_withdraw_view = review_view = conflict_view = decide_view = pay_view = _todo
release_view = report_view = attachment_add_view = attachment_view = _todo
attachment_remove_view = scheme_view = apply_view = manage_view = scheme_settings = _todo
