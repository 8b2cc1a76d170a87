"""Choice labels and object URLs are computed once (per language / URL configuration)."""

from unittest import mock

import pytest
from django.db.models import Field
from django.urls import reverse
from django.utils import translation

from spontaan.core.labels import choice_labels
from spontaan.core.links import object_path
from spontaan.initiatives.models import Initiative, Status


def _no_flatchoices():
    return mock.patch.object(
        Field, "flatchoices", new_callable=mock.PropertyMock, side_effect=AssertionError
    )


def test_status_label_is_translated_per_language_and_built_once():
    initiative = Initiative(status=Status.LOOKING_FOR_PARTNERS, category="activity")
    with translation.override("nl"):
        assert initiative.get_status_display() == "zoekt partners"
    with translation.override("en"):
        assert initiative.get_status_display() == "looking for partners"
        assert initiative.get_category_display() == "activity or event"
    with _no_flatchoices():
        # The choices are neither rebuilt nor translated again.
        with translation.override("nl"):
            assert initiative.get_status_display() == "zoekt partners"
        with translation.override("en"):
            assert initiative.get_status_display() == "looking for partners"
            assert initiative.get_category_display() == "activity or event"


def test_unknown_value_is_shown_as_it_is():
    assert Initiative(status="no_such_status").get_status_display() == "no_such_status"
    assert choice_labels(Initiative._meta.get_field("status"))["idea"]


def test_object_path_equals_reverse_and_reverses_once():
    assert object_path("initiatives:detail", 12) == reverse("initiatives:detail", args=[12])
    with mock.patch("spontaan.core.links.reverse", side_effect=AssertionError):
        assert object_path("initiatives:detail", 345) == "/initiatieven/345/"
        assert Initiative(pk=7).get_absolute_url() == "/initiatieven/7/"


def test_object_path_follows_the_url_configuration(settings):
    object_path("initiatives:detail", 1)
    settings.ROOT_URLCONF = "benchmarks.bench_urls"
    assert object_path("initiatives:detail", 2) == "/initiatieven/2/"
    assert object_path("tender:application", 3) == reverse("tender:application", args=[3])


def test_object_path_refuses_what_is_not_a_number():
    with pytest.raises(ValueError):
        object_path("initiatives:detail", "1/../x")
