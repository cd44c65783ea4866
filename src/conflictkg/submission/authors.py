"""Who submits: the one check of an author's name, shared by `conflictkg submit --author`, the HTTP
API (`?author=`, the `X-Conflictkg-Author` header) and the form on /submit.

The author is written into the submission's file (a Turtle comment and a `ckg:Submission` record)
and shown on pages. A line break there would end the comment and let the rest of the "name" be read
as Turtle; other controls and invisible format characters (bidi overrides that reverse what the
reader sees, zero-width characters) make a name that does not read as it is stored. None of them is
ever typed on purpose in a name, so they are refused, wherever they are, rather than removed.
"""

from __future__ import annotations

import unicodedata

from conflictkg.core.errors import UserError

MAX_AUTHOR_CHARS = 200

# Controls have no Unicode name (unicodedata.name raises for them); these are their usual aliases.
_CONTROL_NAMES = {
    0x00: "NULL", 0x01: "START OF HEADING", 0x02: "START OF TEXT", 0x03: "END OF TEXT",
    0x04: "END OF TRANSMISSION", 0x05: "ENQUIRY", 0x06: "ACKNOWLEDGE", 0x07: "BELL", 0x08: "BACKSPACE",
    0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN", 0x0E: "SHIFT OUT", 0x0F: "SHIFT IN", 0x10: "DATA LINK ESCAPE",
    0x11: "DEVICE CONTROL ONE", 0x12: "DEVICE CONTROL TWO", 0x13: "DEVICE CONTROL THREE",
    0x14: "DEVICE CONTROL FOUR", 0x15: "NEGATIVE ACKNOWLEDGE", 0x16: "SYNCHRONOUS IDLE",
    0x17: "END OF TRANSMISSION BLOCK", 0x18: "CANCEL", 0x19: "END OF MEDIUM", 0x1A: "SUBSTITUTE",
    0x1B: "ESCAPE", 0x1C: "INFORMATION SEPARATOR FOUR", 0x1D: "INFORMATION SEPARATOR THREE",
    0x1E: "INFORMATION SEPARATOR TWO", 0x1F: "INFORMATION SEPARATOR ONE", 0x7F: "DELETE",
    0x85: "NEXT LINE",
}


def _name(ch: str) -> str:
    code = ord(ch)
    if code in _CONTROL_NAMES:
        return _CONTROL_NAMES[code]
    try:
        return unicodedata.name(ch)
    except ValueError:
        # The C1 controls other than NEXT LINE, and lone surrogates (a command line's undecodable bytes).
        return {"Cc": "CONTROL CHARACTER", "Cs": "SURROGATE"}.get(unicodedata.category(ch), "UNNAMED CHARACTER")


def _refused(ch: str) -> bool:
    # Cc: C0 and C1 controls (CR, LF, NEL, TAB, ESC...); Zl and Zp: LINE and PARAGRAPH SEPARATOR;
    # Cf: invisible format characters (bidi overrides and isolates, zero-width joiners, BOM...);
    # Cs: a lone surrogate, which is no character at all (undecodable bytes on a command line).
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs")


def _is_space(ch: str) -> bool:
    # Only space separators are stripped at the ends; a line break or tab there is refused like
    # anywhere else (str.strip() would silently drop them, and with them the evidence of a paste gone wrong).
    return unicodedata.category(ch) == "Zs"


def check_author(text: str) -> str:
    """The author as it will be recorded: `text` without surrounding spaces.

    Raises UserError (one line) when it is empty, longer than MAX_AUTHOR_CHARS characters, or holds a
    control, line-breaking or format character; the message names the character (U+XXXX and its
    name) and its position (1-based, in `text` as given) and says what to do.
    """
    start, end = 0, len(text)
    while start < end and _is_space(text[start]):
        start += 1
    while end > start and _is_space(text[end - 1]):
        end -= 1
    for i in range(start, end):
        ch = text[i]
        if _refused(ch):
            raise UserError(f"the author has U+{ord(ch):04X} {_name(ch)} at position {i + 1}: write the name and "
                          "e-mail on one line, without control, line-breaking or invisible formatting characters")
    author = text[start:end]
    if not author:
        raise UserError("the author is empty: say who submits (a name and an e-mail, e.g. Ana Lyst <ana@example.org>)")
    if len(author) > MAX_AUTHOR_CHARS:
        raise UserError(f"the author is {len(author)} characters long: at most {MAX_AUTHOR_CHARS} are allowed; "
                      "give a name and an e-mail only")
    return author
