"""The field-cleaning helper of core, on real models: limits from the model, errors per field,
all at once."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation

from spontaan.core import validation
from spontaan.initiatives.models import Ask, Initiative


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_text_takes_the_limit_and_requiredness_from_the_model():
    check = validation.FieldErrors()
    assert check.text("title", "  Moestuin  ", model=Initiative, label="Title") == "Moestuin"
    assert not check
    check.text("title", "x" * 141, model=Initiative, label="Title")
    check.text("summary", "", model=Initiative, label="Summary")
    assert check.text("story", "", model=Initiative) == ""  # blank=True: optional
    with pytest.raises(ValidationError) as exc:
        check.raise_if_any()
    assert exc.value.message_dict == {
        "title": ["Title is at most 140 characters."],
        "summary": ["Summary is required."],
    }


def test_text_limit_on_a_text_field_and_a_given_limit():
    check = validation.FieldErrors()
    check.text("text", "x" * 4001, model=Ask, label="Explanation")
    check.text("note", "x" * 11, max_length=10, label="Note")
    assert check.text("note2", "x" * 10, max_length=10, label="Note") == "x" * 10
    assert set(validation_errors(check)) == {"text", "note"}


def test_text_rejects_non_text_and_nul_and_can_make_one_line():
    check = validation.FieldErrors()
    check.text("a", 12, label="A")
    check.text("b", "x\x00y", label="B")
    assert check.text("c", "  two \n  words ", label="C", single_line=True) == "two words"
    assert validation_errors(check) == {
        "a": ["A must be text."],
        "b": ["B contains an invalid character."],
    }


def test_own_messages_and_codes():
    check = validation.FieldErrors()
    check.text("name", "", label="Name", messages={"required": "Give a name."})
    check.text("nick", "abcdef", max_length=3, label="N", messages={"max_length": "≤ %(max)d"})
    with pytest.raises(ValidationError) as exc:
        check.raise_if_any()
    assert exc.value.error_dict["name"][0].code == "required"
    assert exc.value.message_dict == {"name": ["Give a name."], "nick": ["≤ 3"]}


@pytest.mark.parametrize(
    "value,expected",
    [(None, None), ("", None), ("12", 12), (7, 7), (3.0, 3), (" 5 ", 5)],
)
def test_whole_number_accepts(value, expected):
    check = validation.FieldErrors()
    assert check.whole_number("n", value, label="N", maximum=100) == expected
    assert not check


@pytest.mark.parametrize(
    "value,message",
    [
        ("twelve", "N must be a whole number."),
        (2.5, "N must be a whole number."),
        (True, "N must be a whole number."),
        (-1, "N must be at least 0."),
        (101, "N may be at most 100."),
    ],
)
def test_whole_number_refuses(value, message):
    check = validation.FieldErrors()
    assert check.whole_number("n", value, label="N", maximum=100) is None
    assert validation_errors(check) == {"n": [message]}


def test_a_required_whole_number():
    check = validation.FieldErrors()
    check.whole_number("n", "", label="N", maximum=5, required=True)
    assert validation_errors(check) == {"n": ["N is required."]}


def test_collect_raises_every_error_at_the_end_of_the_block():
    with pytest.raises(ValidationError) as exc, validation.collect() as check:
        check.text("a", "", label="A")
        check.add("b", "Wrong.")
        check.add(None, "Everything is wrong.")
        with check.catch("c"):
            raise ValidationError("Not a dict.")
        with check.catch():
            raise ValidationError({"d": "From a dict."})
    assert exc.value.message_dict == {
        "a": ["A is required."],
        "b": ["Wrong."],
        NON_FIELD_ERRORS: ["Everything is wrong."],
        "c": ["Not a dict."],
        "d": ["From a dict."],
    }


def test_collect_lets_other_exceptions_through_and_is_quiet_without_errors():
    with validation.collect() as check:
        check.text("a", "fine", label="A")
    with pytest.raises(KeyError), validation.collect() as check:
        check.add("a", "Wrong.")
        raise KeyError("boom")


def test_max_length_reads_the_model():
    assert validation.max_length(Initiative, "title") == 140
    assert validation.max_length(Ask, "answer") == 4000


def validation_errors(check: validation.FieldErrors) -> dict:
    try:
        check.raise_if_any()
    except ValidationError as exc:
        return exc.message_dict
    return {}
