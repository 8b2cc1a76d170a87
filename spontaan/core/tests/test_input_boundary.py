"""The input boundary in core: which text is acceptable, how numbers are read, and that an
error never echoes a huge input back."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from spontaan.core import validation
from spontaan.core.api_schemas import MAX_ERROR_FIELDS, error_body


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _text_error(value, **kwargs) -> str | None:
    check = validation.FieldErrors()
    check.text("title", value, label="Title", max_length=140, **kwargs)
    messages = check.messages()
    return messages[0] if messages else None


def test_text_refuses_a_lone_surrogate():
    assert validation.text_problem("a\ud800") == "unicode"
    assert _text_error("a\ud800") == "Title contains characters that are not valid text (Unicode)."


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_text_refuses_control_characters(char):
    assert validation.text_problem(f"Tuin{char}feest") == "control"
    assert _text_error(f"Tuin{char}feest") == "Title contains an invalid character."


def test_multi_line_text_keeps_newlines_and_tabs():
    assert validation.text_problem("Eerste regel\r\nTweede\tregel") is None
    assert validation.text_problem("a\nb", multi_line=False) == "control"


@pytest.mark.parametrize(
    "char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"]
)
def test_text_refuses_bidi_override_embedding_and_isolate_controls(char):
    assert validation.text_problem(f"invoice{char}fdp.exe") == "bidi"
    assert "writing direction" in _text_error(f"invoice{char}fdp.exe")


@pytest.mark.parametrize(
    "value",
    [
        "\u200b\u200b\u200b",  # zero-width spaces
        "\u200c\u200d",  # zero-width non-joiner and joiner
        "\ufeff",  # BOM
        "\u00ad",  # soft hyphen
        "\u0301\u0301",  # combining marks without a base
        "\u2060\u200e",  # word joiner, left-to-right mark
        "\u3164",  # Hangul filler
        " \u200b ",
    ],
)
def test_text_of_only_invisible_characters_is_refused(value):
    assert validation.text_problem(value) == "invisible"
    assert _text_error(value) == "Title contains only invisible characters."
    assert _text_error(value, required=False) == "Title contains only invisible characters."


def test_blank_text_is_only_a_question_of_required():
    assert validation.text_problem("   ") is None
    assert _text_error("   ") == "Title is required."
    assert _text_error("   ", required=False) is None


def test_a_long_run_of_combining_marks_is_refused_a_few_are_fine():
    assert validation.text_problem("a" + "\u0301" * 130) == "combining"
    assert (
        _text_error("Z" + "\u0336" * 130) == "Title has too many accents or marks on one character."
    )
    for fine in ["Tiếng Việt", "café", "שָׁלוֹם", "नमस्ते", "1\ufe0f\u20e3", "👍🏽"]:
        assert validation.text_problem(fine) is None, fine


def test_text_is_normalised_to_nfc():
    check = validation.FieldErrors()
    assert check.text("title", "Cafe\u0301", label="Title") == "Caf\u00e9"
    assert not check


@pytest.mark.parametrize("raw", ["²", "٣", "1_000", "1.0", "", " ", "1e3", True, False, None, [1]])
def test_parse_int_refuses_what_is_not_a_plain_whole_number(raw):
    assert validation.parse_int(raw) is None


def test_parse_int_and_parse_id_read_plain_numbers():
    assert validation.parse_int(" 42 ") == 42
    assert validation.parse_int("-3") == -3
    assert validation.parse_int(7) == 7
    assert validation.parse_id("0") is None
    assert validation.parse_id(str(validation.MAX_ID + 1)) is None
    assert validation.parse_id(str(validation.MAX_ID)) == validation.MAX_ID


@pytest.mark.parametrize("value", [True, False, "²", "1_000"])
def test_whole_number_refuses_booleans_and_odd_digits(value):
    check = validation.FieldErrors()
    assert check.whole_number("amount", value, label="Amount", maximum=10) is None
    with pytest.raises(ValidationError) as exc:
        check.raise_if_any()
    assert exc.value.message_dict == {"amount": ["Amount must be a whole number."]}


def test_sample_names_a_few_and_counts_the_rest():
    text = validation.sample([f"slug{i}" for i in range(40_000)])
    assert text == "slug0, slug1, slug2, slug3, slug4 and 39995 more"
    assert validation.sample(["x" * 1000]) == "x" * 59 + "…"


def test_an_error_body_stays_small_however_many_errors():
    fields = {f"functions.{i}": ["x" * 10_000] * 10 for i in range(40_000)}
    body = error_body("y" * 10_000, fields)
    assert len(body["message"]) <= 300
    assert len(body["fields"]) == MAX_ERROR_FIELDS + 1
    assert all(len(m) <= 300 for ms in body["fields"].values() for m in ms)
    assert body["fields"]["__all__"] == [
        f"And {40_000 * 10 - MAX_ERROR_FIELDS * 5} more errors, not shown."
    ]
