from django.contrib.auth.backends import ModelBackend

from .models import User
from .selectors import user_by_id


class EmailBackend(ModelBackend):
    """Log in with e-mail address (case-insensitive) and password."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        email = (email or username or "").strip().lower()
        if not email or password is None:
            return None
        try:
            user = User.objects.get(email=email)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check, against timing attacks
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The session's account (read on every request of someone logged in)."""
        try:
            user = user_by_id(user_id=int(user_id))
        except (TypeError, ValueError, OverflowError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.deleted_at is None
