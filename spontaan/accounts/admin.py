"""Administration of accounts, roles per municipality and API tokens.

Roles are granted and revoked through `services.role_grant` / `services.role_revoke`, so each
change lands in the audit trail. API tokens can be seen and revoked, never created or edited
here, and their hashes are never shown.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, RoleGrant, User
from .services import role_grant, role_revoke


class UserCreateForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.email_verified_at = timezone.now()  # an administrator vouches for the address
        if commit:
            user.save()
        return user


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email


def _apply_role_changes(*, by: User, user: User, new, changed, deleted) -> None:
    """Turn admin edits of RoleGrant rows into audited service calls."""
    for grant in deleted:
        role_revoke(by=by, user=user, municipality=grant.municipality, role=grant.role)
    for grant in changed:
        old = RoleGrant.objects.select_related("user", "municipality").get(pk=grant.pk)
        if (old.user_id, old.municipality_id, old.role) == (
            grant.user_id,
            grant.municipality_id,
            grant.role,
        ):
            continue
        role_revoke(by=by, user=old.user, municipality=old.municipality, role=old.role)
        saved = role_grant(by=by, user=grant.user, municipality=grant.municipality, role=grant.role)
        grant.pk, grant.granted_at = saved.pk, saved.granted_at
    for grant in new:
        saved = role_grant(by=by, user=user, municipality=grant.municipality, role=grant.role)
        grant.pk, grant.granted_at = saved.pk, saved.granted_at


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fields = ("municipality", "role", "granted_at")
    readonly_fields = ("granted_at",)
    extra = 0
    verbose_name = _("role in a municipality")
    verbose_name_plural = _("roles per municipality")


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    fields = ("name", "prefix", "created_at", "last_used_at")
    readonly_fields = fields
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "language", "email_mode")}),
        (
            _("Status"),
            {
                "fields": (
                    "is_active",
                    "email_verified_at",
                    "deleted_at",
                    "date_joined",
                    "last_login",
                    "last_digest_at",
                )
            },
        ),
        (
            _("Permissions in this administration"),
            {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("deleted_at", "date_joined", "last_login", "last_digest_at")
    list_display = (
        "email",
        "display_name",
        "is_staff",
        "email_verified_at",
        "deleted_at",
        "date_joined",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "language", "email_mode")
    search_fields = ("email", "display_name")
    ordering = ("email",)
    inlines = [RoleGrantInline, ApiTokenInline]

    def get_inlines(self, request, obj=None):
        return self.inlines if obj is not None else []  # roles after the account exists

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleGrant:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        _apply_role_changes(
            by=request.user,
            user=form.instance,
            new=formset.new_objects,
            changed=[grant for grant, _fields in formset.changed_objects],
            deleted=formset.deleted_objects,
        )
        return None


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "municipality", "role", "granted_at")
    list_filter = ("role", "municipality")
    search_fields = ("user__email", "user__display_name", "municipality__name")
    list_select_related = ("user", "municipality")
    autocomplete_fields = ("user",)
    fields = ("user", "municipality", "role", "granted_at")
    readonly_fields = ("granted_at",)

    def save_model(self, request, obj, form, change):
        if change:
            _apply_role_changes(by=request.user, user=obj.user, new=[], changed=[obj], deleted=[])
        else:
            _apply_role_changes(by=request.user, user=obj.user, new=[obj], changed=[], deleted=[])

    def delete_model(self, request, obj):
        role_revoke(by=request.user, user=obj.user, municipality=obj.municipality, role=obj.role)

    def delete_queryset(self, request, queryset):
        for grant in queryset.select_related("user", "municipality"):
            self.delete_model(request, grant)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """See and revoke tokens. New tokens come from the account page or `spontaan createtoken`."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__email")
    fields = ("name", "user", "prefix", "created_at", "last_used_at")
    readonly_fields = fields
    ordering = ("-created_at",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
