"""Factories for accounts: users in their states (verified, unverified, staff roles, deleted).

user = UserFactory()                                   # verified, password PASSWORD
user = UserFactory(unverified=True)                    # e-mail not yet confirmed
connector = UserFactory(connector=True, roles__municipality=enschede)
manager = UserFactory(roles=[Role.PROGRAMME_MANAGER, Role.REVIEWER])  # new municipality
admin = UserFactory(admin=True)                        # Django admin (is_staff, superuser)
"""

import factory
from django.utils import timezone

from spontaan.accounts.models import ApiToken, Role, RoleGrant, User
from spontaan.places.tests.factories import MunicipalityFactory

PASSWORD = "correct horse battery"

__all__ = ["PASSWORD", "ApiTokenFactory", "MunicipalityFactory", "RoleGrantFactory", "UserFactory"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        unverified = factory.Trait(email_verified_at=None)
        verified = factory.Trait(email_verified_at=factory.LazyFunction(timezone.now))
        admin = factory.Trait(is_staff=True, is_superuser=True)
        deleted = factory.Trait(
            email=factory.Sequence(lambda n: f"deleted-x{n}@invalid"),
            display_name="",
            is_active=False,
            deleted_at=factory.LazyFunction(timezone.now),
        )
        connector = factory.Trait(roles__connector=True)
        reviewer = factory.Trait(roles__reviewer=True)
        programme_manager = factory.Trait(roles__programme_manager=True)
        moderator = factory.Trait(roles__moderator=True)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    email_verified_at = factory.LazyFunction(timezone.now)
    language = "nl"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(PASSWORD if extracted is None else extracted)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """`roles=[Role.CONNECTOR, …]`, granted in `roles__municipality` (or a new one)."""
        wanted = [*(extracted or []), *(role for role in Role.values if kwargs.get(role))]
        if not create or not wanted:
            return
        municipality = kwargs.get("municipality") or MunicipalityFactory()
        for role in wanted:
            RoleGrant.objects.get_or_create(user=self, municipality=municipality, role=role)


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.CONNECTOR


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token row; use `tokens.token_create` when the raw token is needed."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Script {n}")
    prefix = factory.Sequence(lambda n: f"spt_{n:06d}")
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
