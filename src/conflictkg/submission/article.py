"""Reading the plain-text article format of the source articles: a title line `= Title =`, an
infobox of `- Key: value` lines (under an `Infobox` line, under the title repeated, or directly),
the lead, then `== Section ==` headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from conflictkg.core.errors import UserError

_TITLE = re.compile(r"^=\s*(?P<title>[^=].*?)\s*=$")
_HEADING = re.compile(r"^(?P<level>={2,6})\s*(?P<title>.*?)\s*(?P=level)$")
_ENTRY = re.compile(r"^-\s*(?P<key>[^:]{1,60}?)\s*:\s?(?P<value>.*)$")
# Residue of template parameters the rendering left in a value: "|time-begin = |time-end =".
_TEMPLATE_RESIDUE = re.compile(r"\|\s*[\w -]+?\s*=\s*")


@dataclass(frozen=True)
class InfoboxEntry:
    key: str  # as written: "Combatant1"
    value: str  # as written, without surrounding spaces: "Syrian government,"
    line: int  # 1-based line number in the article file

    @property
    def quote(self) -> str:
        """The entry as the article writes it, for ckg:quote: "Fatalities: 108+"."""
        return f"{self.key}: {self.value}".rstrip()

    @property
    def name(self) -> str:
        """The key without its side number, lower case: "combatant"."""
        return re.sub(r"\d+$", "", self.key).strip().lower()

    @property
    def side(self) -> int | None:
        m = re.search(r"(\d+)$", self.key)
        return int(m.group(1)) if m else None

    def items(self) -> list[str]:
        """The value split into its comma-separated items, with noise dropped: list bullets
        ("* Syrian Arab Army"), stray quotes ("'"), template residue and empty items (", ,")."""
        cleaned = _TEMPLATE_RESIDUE.sub(" ", self.value)
        out = []
        for raw in re.split(r"(?<!\d),|,(?!\d{3}(?!\d))", cleaned):  # not inside "3,159"
            item = raw.strip().lstrip("*•·").strip().strip("'\"`").strip()
            if item and re.search(r"\w", item):
                out.append(item)
        return out

    def noise(self) -> list[str]:
        """The items `items()` drops, as written (empty items of ", ,", a lone "'")."""
        cleaned = _TEMPLATE_RESIDUE.sub(" ", self.value)
        raw = [r.strip() for r in cleaned.split(",")]
        if raw and raw[-1] == "" and len(raw) > 1:
            raw = raw[:-1]  # a trailing comma ("Syrian government,") ends the list, it is no item
        return [r for r in raw if not (r.lstrip("*•·").strip().strip("'\"`").strip() and re.search(r"\w", r))]

    @property
    def is_empty(self) -> bool:
        return not self.items()


@dataclass(frozen=True)
class Section:
    title: str
    level: int
    line: int
    text: str


@dataclass
class Article:
    title: str
    infobox: list[InfoboxEntry] = field(default_factory=list)
    lead: str = ""
    sections: list[Section] = field(default_factory=list)
    name: str = ""  # the file name, for messages

    def entries(self, *names: str) -> list[InfoboxEntry]:
        wanted = {n.lower() for n in names}
        return [e for e in self.infobox if e.name in wanted]


def parse_article(text: str, name: str = "<article>") -> Article:
    """Parse an article; a file without a title line is refused with a UserError naming the file."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    m = _TITLE.match(lines[i].strip()) if i < len(lines) else None
    if m is None:
        raise UserError(f"{name}:{i + 1}: expected the title line `= Title =` at the start of the article")
    article = Article(title=m["title"].strip(), name=name)
    i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    # An infobox header line: "Infobox", or the title repeated; the 2021 article has the latter.
    if i + 1 < len(lines) and not lines[i].startswith("-") and not _HEADING.match(lines[i].strip()) \
            and _ENTRY.match(lines[i + 1].strip()):
        i += 1
    while i < len(lines) and (entry := _ENTRY.match(lines[i].strip())):
        article.infobox.append(InfoboxEntry(entry["key"].strip(), entry["value"].strip(), i + 1))
        i += 1
    lead: list[str] = []
    current: tuple[str, int, int] | None = None
    body: list[str] = []
    for j in range(i, len(lines)):
        heading = _HEADING.match(lines[j].strip())
        if heading:
            if current is None:
                lead = body
            else:
                article.sections.append(Section(current[0], current[1], current[2], "\n".join(body).strip()))
            current = (heading["title"], len(heading["level"]), j + 1)
            body = []
        else:
            body.append(lines[j])
    if current is None:
        lead = body
    else:
        article.sections.append(Section(current[0], current[1], current[2], "\n".join(body).strip()))
    article.lead = "\n".join(lead).strip()
    return article


def read_article(path: Path) -> Article:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read the file ({exc.strerror})") from None
    return parse_article(text, str(path))
