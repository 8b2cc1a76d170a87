from django.contrib import admin

from .models import Function, Initiative


@admin.register(Function)
class FunctionAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_nl", "name_en"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    """Read-only overview; changes go through the site so that they reach the timeline."""

    list_display = ["title", "municipality", "status", "category", "is_hidden", "created_at"]
    list_filter = ["municipality", "status", "category", "is_hidden"]
    search_fields = ["title", "summary"]
    list_select_related = ["municipality"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
