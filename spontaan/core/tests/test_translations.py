"""The Dutch catalogue is complete, and the site speaks Dutch by default.

Django ignores empty and fuzzy translations and silently shows the English source text, so
an incomplete catalogue would give residents a half-English site without any error.
"""

import re
from pathlib import Path

import pytest

import spontaan

PO_FILE = Path(spontaan.__file__).resolve().parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(quoted: str) -> str:
    """The text of one PO string literal, e.g. '"a \\"b\\"\\n"' -> 'a "b"\n'."""
    assert quoted.startswith('"') and quoted.endswith('"'), quoted
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), quoted[1:-1])


def parse_po(text: str) -> list[dict]:
    """Entries of a PO file: msgid, msgid_plural, msgstr (index -> text), flags, line.

    Entries are separated by blank lines; a string may continue on following lines that
    start with a quote. Obsolete entries (#~) are skipped, as Django does not use them.
    """
    entries = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        entry = {"msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
        current = None  # (field, plural index) that continuation lines append to
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(",") if f.strip())
            elif line.startswith("#") or not line:
                continue
            elif match := _KEYWORD.match(line):
                keyword, index, value = match.groups()
                if keyword.startswith("msgstr"):
                    current = ("msgstr", int(index or 0))
                    entry["msgstr"][current[1]] = _unquote(value)
                else:
                    current = (keyword, None)
                    entry[keyword] = _unquote(value)
            elif line.startswith('"') and current is not None:
                field, index = current
                if field == "msgstr":
                    entry["msgstr"][index] += _unquote(line)
                else:
                    entry[field] += _unquote(line)
            else:
                raise AssertionError(f"Cannot read this line of {PO_FILE.name}: {line!r}")
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


def test_the_parser_reads_continuations_and_plurals():
    entries = parse_po(
        "\n".join(
            [
                'msgid ""',
                'msgstr ""',
                '"Language: nl\\n"',
                "",
                "#, fuzzy, python-format",
                'msgid ""',
                '"%(counter)s new "',
                '"notification"',
                'msgid_plural "%(counter)s new notifications"',
                'msgstr[0] "%(counter)s nieuwe \\"melding\\""',
                'msgstr[1] ""',
            ]
        )
    )
    header, entry = entries
    assert header["msgid"] == "" and header["msgstr"] == {0: "Language: nl\n"}
    assert entry["msgid"] == "%(counter)s new notification"
    assert entry["msgid_plural"] == "%(counter)s new notifications"
    assert entry["msgstr"] == {0: '%(counter)s nieuwe "melding"', 1: ""}
    assert entry["flags"] == {"fuzzy", "python-format"}


def test_every_message_has_a_dutch_translation():
    entries = parse_po(PO_FILE.read_text(encoding="utf-8"))
    messages = [e for e in entries if e["msgid"] != ""]
    assert messages, f"No messages found in {PO_FILE}"

    untranslated = [
        e["msgid"] for e in messages if not e["msgstr"] or any(not s for s in e["msgstr"].values())
    ]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    plural_gaps = [
        e["msgid"] for e in messages if e["msgid_plural"] is not None and set(e["msgstr"]) != {0, 1}
    ]

    problems = []
    if untranslated:
        problems.append(f"{len(untranslated)} without a translation:")
        problems += [f"  - {msgid!r}" for msgid in untranslated]
    if fuzzy:
        problems.append(f"{len(fuzzy)} marked fuzzy (Django does not use these):")
        problems += [f"  - {msgid!r}" for msgid in fuzzy]
    if plural_gaps:
        problems.append(f"{len(plural_gaps)} plural messages without msgstr[0] and msgstr[1]:")
        problems += [f"  - {msgid!r}" for msgid in plural_gaps]
    assert not problems, f"The Dutch catalogue {PO_FILE} is incomplete.\n" + "\n".join(problems)


@pytest.mark.django_db
def test_the_home_page_is_dutch_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    hint = " (is the catalogue compiled? run `make install` or compilemessages)"
    assert 'lang="nl"' in page
    assert "Inloggen" in page, "The login link is not in Dutch" + hint
    assert "Initiatieven" in page, "The main menu is not in Dutch" + hint
    assert "Skip to content" not in page, "The skip link is still in English" + hint
