from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail can be read, never changed."""

    list_display = ["created_at", "actor", "action", "object_type", "object_id", "municipality"]
    list_filter = ["action", "municipality"]
    list_select_related = ["actor", "municipality"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
