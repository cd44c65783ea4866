"""Who submits: the one check every way in (`submit --author`, `git config`, `?author=`, the
`X-Conflictkg-Author` header, the /submit form) applies to the submitter's name.

The name is written into the accepted file twice: as a literal (`ckg:submittedBy`), which the
serialiser escapes, and in the header comment, where a line break would end the comment and let
the rest of the name be read as data. RDF readers disagree on what ends a comment (rdflib only
LF, Oxigraph also CR), so no line-breaking or control character is accepted at all: refusing is
clearer than any escaping a reader might undo.
"""

from __future__ import annotations

import unicodedata

from conflictkg.errors import UserError

MAX_LENGTH = 200

# Characters with no visible width that can reorder or hide text (Trojan Source, CVE-2021-42574),
# beyond Cc controls: refused too, so a name shows as what it is.
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def forbidden_character(text: str) -> tuple[int, str] | None:
    """(position, character) of the first character a name may not hold, or None."""
    for i, ch in enumerate(text):
        if unicodedata.category(ch) in _INVISIBLE:
            return i, ch
    return None


def describe(ch: str) -> str:
    """"U+000D (CARRIAGE RETURN)": a character named so it can be found and removed."""
    name = unicodedata.name(ch, None) or {"\r": "CARRIAGE RETURN", "\n": "LINE FEED", "\t": "TAB",
                                          "\x85": "NEXT LINE"}.get(ch, "a control or unassigned character")
    return f"U+{ord(ch):04X} ({name})"


def check_author(text: str) -> str:
    """The submitter's name with surrounding spaces removed, or UserError (one line) if it is empty,
    too long, or holds a control, line-breaking, format or unassigned character."""
    name = (text or "").strip()
    if not name:
        raise UserError("the author is empty: give a name, e.g. --author 'Ana Analyst <ana@example.org>'")
    if len(name) > MAX_LENGTH:
        raise UserError(f"the author is {len(name)} characters long; at most {MAX_LENGTH} are accepted")
    found = forbidden_character(name)
    if found is not None:
        pos, ch = found
        raise UserError(f"the author holds {describe(ch)} at character {pos + 1}: line breaks, controls and "
                        f"invisible format characters are not accepted in a name; remove it")
    return name
