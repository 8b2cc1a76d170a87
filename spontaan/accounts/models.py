from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("display_name", "Beheerder")
        extra.setdefault("email_verified_at", timezone.now())
        return self.create_user(email, password, **extra)


class EmailMode(models.TextChoices):
    DAILY_DIGEST = "daily", _("a daily digest (answers and replies at once)")
    WEEKLY_DIGEST = "weekly", _("a weekly digest (answers and replies at once)")
    INSTANT = "instant", _("every notification at once")
    NONE = "none", _("no e-mail, only in the site")


class User(AbstractBaseUser, PermissionsMixin):
    """An account. The e-mail address is private; the display name is what others see."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=8, default="nl", choices=[("nl", "Nederlands"), ("en", "English")]
    )
    email_mode = models.CharField(
        _("e-mail notifications"),
        max_length=16,
        choices=EmailMode.choices,
        default=EmailMode.DAILY_DIGEST,
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def public_name(self) -> str:
        return self.display_name if not self.deleted_at else str(_("former participant"))


class Role(models.TextChoices):
    CONNECTOR = "connector", _("connector")
    REVIEWER = "reviewer", _("reviewer")
    PROGRAMME_MANAGER = "programme_manager", _("programme manager")
    MODERATOR = "moderator", _("moderator")


class RoleGrant(models.Model):
    """A staff role for one municipality. Administrators grant these in the admin."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], name="unique_role_grant"
            )
        ]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.municipality})"


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
