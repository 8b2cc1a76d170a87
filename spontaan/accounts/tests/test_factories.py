from spontaan.accounts.models import Role, RoleGrant
from spontaan.accounts.tests.factories import PASSWORD, UserFactory


def test_user_factory_makes_a_verified_account_with_the_known_password(db):
    # when
    user = UserFactory()
    # then
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert user.check_password(PASSWORD)
    assert user.display_name


def test_unverified_trait(db):
    assert UserFactory(unverified=True).email_verified_at is None


def test_role_traits_grant_in_the_given_municipality(municipality):
    # when
    connector = UserFactory(connector=True, roles__municipality=municipality)
    manager = UserFactory(roles=[Role.PROGRAMME_MANAGER, Role.REVIEWER])
    # then
    assert list(RoleGrant.objects.filter(user=connector).values_list("municipality", "role")) == [
        (municipality.pk, Role.CONNECTOR)
    ]
    assert set(RoleGrant.objects.filter(user=manager).values_list("role", flat=True)) == {
        Role.PROGRAMME_MANAGER,
        Role.REVIEWER,
    }


def test_deleted_trait_cannot_log_in(db, client):
    user = UserFactory(deleted=True)
    assert not client.login(email=user.email, password=PASSWORD)
