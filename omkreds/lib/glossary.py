"""The glossary files (locale/glossary.<language>.tsv) and the check that a catalogue keeps to them.

Each file holds one concept a line, tab-separated, with a header line:

    concept <TAB> term <TAB> forbidden <TAB> source

- concept: what is meant, in English (the code's word where there is one);
- term: the one word the language uses for it (the seed's word where a seed has one);
- forbidden: the words that must not be used for it, separated by " | " (may be empty);
- source: where the term comes from (a seed and its line, or a decision).

Lines starting with "#" and empty lines are comments. A forbidden word is matched without regard
to case at the start and end of a word; a "*" at either end lets it run on ("koordinator*" also
finds "koordinatoren", but not "netværkskoordinator"; "*koordinator*" finds both).

The catalogue of a language is locale/<ll>/LC_MESSAGES/django.po and djangojs.po (for "sv-FI":
locale/sv_FI/...). Every translation (msgstr, each plural form) is checked, and so are the
seed texts written in code as `da="..."`, `sv="..."` (e.g. the CTI checklists).
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("concept", "term", "forbidden", "source")


@dataclass(frozen=True)
class Entry:
    concept: str
    term: str
    forbidden: tuple[str, ...]
    source: str

    def patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        return [(word, forbidden_pattern(word)) for word in self.forbidden]


@dataclass(frozen=True)
class Finding:
    where: str
    concept: str
    forbidden: str
    term: str
    text: str

    def __str__(self) -> str:
        return (
            f"{self.where}: uses {self.forbidden!r} for {self.concept!r}; "
            f"the glossary's term is {self.term!r}:\n      {self.text}"
        )


def forbidden_pattern(word: str) -> re.Pattern[str]:
    body = re.escape(word.strip("*"))
    start = r"\w*" if word.startswith("*") else r"(?<!\w)"
    end = r"\w*" if word.endswith("*") else r"(?!\w)"
    return re.compile(start + body + end, re.IGNORECASE)


def read_glossary(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header = tuple(lines[0].split("\t"))
    if header != COLUMNS:
        raise ValueError(f"{path.name}: the first line must be {' TAB '.join(COLUMNS)}")
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(COLUMNS) or not cells[0].strip() or not cells[1].strip():
            raise ValueError(f"{path.name}: line {number} needs {len(COLUMNS)} cells: {line!r}")
        forbidden = tuple(w.strip() for w in cells[2].split("|") if w.strip())
        entries.append(Entry(cells[0].strip(), cells[1].strip(), forbidden, cells[3].strip()))
    return entries


def glossaries(locale_dir: Path) -> dict[str, list[Entry]]:
    """Language tag ("da", "sv", "fi", "sv-FI") → its glossary."""
    found = {}
    for path in sorted(locale_dir.glob("glossary.*.tsv")):
        found[path.name.removeprefix("glossary.").removesuffix(".tsv")] = read_glossary(path)
    return found


def catalogue_dir(locale_dir: Path, language: str) -> Path:
    code, _, region = language.partition("-")
    return locale_dir / (f"{code}_{region.upper()}" if region else code) / "LC_MESSAGES"


def _unquote(chunk: str) -> str:
    return ast.literal_eval(chunk) if chunk.startswith('"') else ""


def translations(po: Path) -> list[tuple[str, str]]:
    """(msgid, translation) for each msgstr of a .po file; obsolete entries are skipped."""
    found: list[tuple[str, str]] = []
    msgid, field, text = "", "", ""

    def flush() -> None:
        if field.startswith("msgstr") and msgid and text:
            found.append((msgid, text))

    for raw in po.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            text += _unquote(line)
            if field == "msgid":
                msgid = text
            continue
        flush()
        field, _, rest = line.partition(" ")
        text = _unquote(rest)
        if field == "msgid":
            msgid = text
    flush()
    return found


SEED_TEXT = re.compile(r"""\b(?P<lang>da|sv|fi)=(?P<text>"(?:[^"\\\n]|\\.)*")""")


def seed_texts(code_dir: Path, language: str) -> list[tuple[str, str]]:
    """The `da="..."` (etc.) literals written in the code, as (file:line, text)."""
    found = []
    for path in sorted(code_dir.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in SEED_TEXT.finditer(line):
                if match["lang"] == language:
                    found.append((f"{path.relative_to(code_dir.parent)}:{number}", match["text"]))
    return [(where, ast.literal_eval(text)) for where, text in found]


def check(locale_dir: Path, code_dir: Path | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for language, entries in glossaries(locale_dir).items():
        texts: list[tuple[str, str]] = []
        for po in sorted(catalogue_dir(locale_dir, language).glob("*.po")):
            label = po.relative_to(locale_dir.parent)
            texts += [(f"{label}: msgid {msgid!r}", text) for msgid, text in translations(po)]
        if code_dir is not None:
            texts += seed_texts(code_dir, language)
        for entry in entries:
            for word, pattern in entry.patterns():
                for where, text in texts:
                    if pattern.search(text):
                        findings.append(Finding(where, entry.concept, word, entry.term, text))
    return findings
