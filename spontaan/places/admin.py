from django.contrib import admin

from .models import CityProfile, Municipality, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class CityProfileInline(admin.StackedInline):
    model = CityProfile
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "first_answer_days", "fast_lane_days", "fast_lane_max_euros"]
    list_filter = ["region"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CityProfileInline]
