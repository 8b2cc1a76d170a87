from django.contrib import admin

from .models import Actor


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_organisation", "municipality"]
    list_filter = ["kind", "is_organisation", "municipality"]
    search_fields = ["name"]
    raw_id_fields = ["user"]
