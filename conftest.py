"""Shared fixtures: a small region with a connector, a programme manager and residents."""

import pytest

from spontaan.accounts.models import Role, RoleGrant


@pytest.fixture
def municipality(db):
    from spontaan.places.tests.factories import MunicipalityFactory

    return MunicipalityFactory(name="Hengelo", slug="hengelo")


@pytest.fixture
def other_municipality(db):
    from spontaan.places.tests.factories import MunicipalityFactory

    return MunicipalityFactory(name="Borne", slug="borne")


@pytest.fixture
def resident(db):
    from spontaan.accounts.tests.factories import UserFactory

    return UserFactory(display_name="Anna Initiatief", email="anna@example.org")


@pytest.fixture
def other_resident(db):
    from spontaan.accounts.tests.factories import UserFactory

    return UserFactory(display_name="Bram Buurman", email="bram@example.org")


def _staff(municipality, role, name, email):
    from spontaan.accounts.tests.factories import UserFactory

    user = UserFactory(display_name=name, email=email)
    RoleGrant.objects.create(user=user, municipality=municipality, role=role)
    return user


@pytest.fixture
def connector(municipality):
    return _staff(municipality, Role.CONNECTOR, "Carla Verbinder", "carla@example.org")


@pytest.fixture
def other_connector(other_municipality):
    return _staff(other_municipality, Role.CONNECTOR, "Dirk Elders", "dirk@example.org")


@pytest.fixture
def programme_manager(municipality):
    return _staff(municipality, Role.PROGRAMME_MANAGER, "Pien Programma", "pien@example.org")


@pytest.fixture
def moderator(municipality):
    return _staff(municipality, Role.MODERATOR, "Mo Moderator", "mo@example.org")


@pytest.fixture
def initiative(resident, municipality):
    from spontaan.initiatives.services import initiative_create

    return initiative_create(
        user=resident,
        municipality=municipality,
        title="Buurtmoestuin Hengelose Es",
        summary="Een moestuin voor en door de buurt.",
        category="public_space",
        story="We willen **samen** groente kweken.",
        latitude=52.2655,
        longitude=6.7931,
    )


@pytest.fixture
def page_cache(settings):
    """Public pages are cached for anonymous visitors, in a cache that starts and ends empty."""
    from django.core.cache import cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fragment_cache(settings):
    """Parts of pages are shared between people (core.fragments), in a cache that starts and
    ends empty."""
    from django.core.cache import cache

    settings.SHARED_FRAGMENT_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()
