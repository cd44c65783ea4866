"""`conflictkg.submission.authors.check_author`: the one check of who submits (CLI, HTTP API, form)."""

from __future__ import annotations

import pytest

from conflictkg.submission.authors import MAX_AUTHOR_CHARS, check_author
from conflictkg.core.errors import UserError


@pytest.mark.parametrize("given,kept", [
    ("Ana Lyst <ana@example.org>", "Ana Lyst <ana@example.org>"),
    ("  Ana Lyst  ", "Ana Lyst"),
    ("\u00a0Zoë Ó Dálaigh\u3000", "Zoë Ó Dálaigh"),  # no-break and ideographic spaces are spaces
    ("محمد رضا", "محمد رضا"),
    ("李小龍 <li@example.org>", "李小龍 <li@example.org>"),
    ("x" * MAX_AUTHOR_CHARS, "x" * MAX_AUTHOR_CHARS),
])
def test_names_are_kept_without_surrounding_spaces(given, kept):
    assert check_author(given) == kept


@pytest.mark.parametrize("given,code,name,position", [
    ("Ana\rLyst", 0x0D, "CARRIAGE RETURN", 4),
    ("Ana\nLyst", 0x0A, "LINE FEED", 4),
    ("Ana Lyst\n", 0x0A, "LINE FEED", 9),  # at the end too: refused, not stripped
    ("\tAna", 0x09, "CHARACTER TABULATION", 1),
    ("Ana\x85Lyst", 0x85, "NEXT LINE", 4),
    ("Ana\u2028Lyst", 0x2028, "LINE SEPARATOR", 4),
    ("Ana\u2029Lyst", 0x2029, "PARAGRAPH SEPARATOR", 4),
    ("Ana\x00", 0x00, "NULL", 4),
    ("Ana\x1b[31m", 0x1B, "ESCAPE", 4),
    ("Ana\x7f", 0x7F, "DELETE", 4),
    ("Ana\x9b", 0x9B, "CONTROL CHARACTER", 4),
    ("Ana \u202egro.elpmaxe", 0x202E, "RIGHT-TO-LEFT OVERRIDE", 5),
    ("\u202aAna", 0x202A, "LEFT-TO-RIGHT EMBEDDING", 1),
    ("Ana\u2066x\u2069", 0x2066, "LEFT-TO-RIGHT ISOLATE", 4),
    ("Ana\u2069", 0x2069, "POP DIRECTIONAL ISOLATE", 4),
    ("A\u200bna", 0x200B, "ZERO WIDTH SPACE", 2),
    ("\ufeffAna", 0xFEFF, "ZERO WIDTH NO-BREAK SPACE", 1),
    ("Ana\udcff", 0xDCFF, "SURROGATE", 4),  # an undecodable byte on a command line
])
def test_controls_line_breaks_and_format_characters_are_refused(given, code, name, position):
    with pytest.raises(UserError) as caught:
        check_author(given)
    message = caught.value.message
    assert f"U+{code:04X} {name} at position {position}" in message
    assert "\n" not in message and "on one line" in message


@pytest.mark.parametrize("given,words", [("", "empty"), ("   ", "empty"), ("x" * (MAX_AUTHOR_CHARS + 1), "at most 200")])
def test_empty_and_overlong_authors_are_refused(given, words):
    with pytest.raises(UserError) as caught:
        check_author(given)
    assert words in caught.value.message and "\n" not in caught.value.message


def test_every_c0_and_c1_control_is_refused():
    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]:
        with pytest.raises(UserError):
            check_author(f"Ana{chr(code)}Lyst")
