"""Text clean-up before parsing: a chain of small ``str -> str`` steps, each undoing one artefact."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

# Every step keeps one output line per input line (a removed line becomes an empty one) unless its
# docstring says otherwise, so that line numbers in warnings still point into the document.


def normalise_newlines(text: str) -> str:
    """CRLF (Windows) and lone CR (old Mac exports) become LF; a form feed (PDF page break) too."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


# Character by character with str.replace rather than str.translate, which looks every character
# of the text up in a dict and made this the slowest step of the whole parse.
_REPLACEMENTS = {
    **dict.fromkeys("\ufeff\u200b\u200c\u200d\u2060\u00ad", ""),  # byte-order mark, zero-width, soft hyphen
    **dict.fromkeys("\u00a0\u2007\u2009\u202f\u2002\u2003\u3000", " "),  # no-break and other odd spaces
}
# C0 control characters other than tab and newline only come from damaged or binary input.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def normalise_characters(text: str) -> str:
    """Drop byte-order marks, zero-width characters, soft hyphens and control characters; make
    non-breaking and other odd spaces plain (the 2022 markdown export pads labels with NBSPs)."""
    if not text.isascii():
        for character, replacement in _REPLACEMENTS.items():
            if character in text:
                text = text.replace(character, replacement)
    return _CONTROLS.sub("", text)


def strip_line_ends(text: str) -> str:
    """Strip each line: indentation carries no meaning once bullets are kept as text."""
    return "\n".join(line.strip() for line in text.split("\n"))


_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def unescape_markdown(text: str) -> str:
    r"""Markdown exports escape punctuation (``1\.``, ``\-``); keep the character itself."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text) if "\\" in text else text


_EMPHASIS = re.compile(r"\*\*|__")


def strip_emphasis(text: str) -> str:
    """Remove ``**bold**`` markers: bold runs span line breaks in the 2017 export (``**SSP`` /
    ``8/17**``), so they carry no reliable structure and are dropped everywhere."""
    if "__" not in text:
        # The common case as a plain replace: with no "__", the pattern finds exactly the "**".
        return text.replace("**", "") if "**" in text else text
    return _EMPHASIS.sub("", text)


_HEADING_MARK = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)


def strip_heading_marks(text: str) -> str:
    """Remove markdown heading marks (``## SSP Title`` and ``### Title`` in the 2022 export)."""
    return _HEADING_MARK.sub("", text) if "#" in text else text


# Case-sensitive, as the web export prints it, and starting with a letter so the search can skip
# ahead; the blanks left before it are stripped by strip_line_ends, which runs after this step.
_ATTACHMENT = re.compile(r"(?:pdf icon[ \t]*)?PDF[ \t]+\d+(?:\.\d+)?[ \t]*[KM]B\b")


def strip_attachment_marks(text: str) -> str:
    """Remove the web export's attachment decorations after titles (``Minutes pdf icon PDF 74 KB``)."""
    return _ATTACHMENT.sub("", text) if "PDF" in text else text


_TABLE_ROW = re.compile(r"^\|(.*)\|$")
_TABLE_RULE = re.compile(r"^[\s|:\-]+$")
_CELL_BREAK = re.compile(r"<br ?/?>")


def _table_row_text(cells: list[str]) -> str:
    """One Word-table row as plain lines: an item row (label and title in the first two cells)
    becomes ``label title``; every other non-empty cell becomes a paragraph of its own."""
    cells = [cell.strip() for cell in cells]
    if _TABLE_RULE.match("|".join(cells)):
        return ""
    filled = [cell for cell in cells if cell]
    if len(filled) >= 2 and cells[0] and cells[1]:
        filled = [f"{cells[0]} {cells[1]}"] + [cell for cell in cells[2:] if cell]
    return "\n\n".join(part.strip() for cell in filled for part in _CELL_BREAK.split(cell))


def tables_to_paragraphs(text: str) -> str:
    """Turn ``| **SSP 55/22** | **Declarations of Interest** |`` rows (Word tables, exported or read
    from .docx) into the line layout the item finder knows. Adds lines for multi-cell rows."""
    if "|" not in text:
        return text
    out = []
    for line in text.split("\n"):
        row = _TABLE_ROW.match(line)
        out.append(_table_row_text(row.group(1).split("|")) + "\n" if row else line)
    return "\n".join(out)


# Running headers and footers of PDFs. Each pattern is anchored and free of nested repetition, so
# matching stays linear in the length of the line.
_RUNNING_LINES = (
    re.compile(r"(?:^|\s\s|\t|[|–-] ?)Page \d+(?: of \d+)?$"),  # "... – 13 March 2018   Page 1 of 3"
    re.compile(r"^\d+ ?\| ?Page$"),  # "2 | Page"
    re.compile(r"^AGENDA ITEM \d+$"),  # stamped on agenda packs
    re.compile(r"^[-–] ?\d+ ?[-–]$"),  # "- 2 -"
)


_DASHED_NUMBER = re.compile(r"\n[-–] ?\d+ ?[-–]\n")


def is_running_line(line: str) -> bool:
    """Whether ``line`` is a running header or footer of a PDF page."""
    if "Page" not in line and "AGENDA" not in line and line[:1] not in ("-", "–"):
        return False  # what nearly every line is: not worth four searches
    return any(pattern.search(line) for pattern in _RUNNING_LINES)


def drop_running_lines(text: str) -> str:
    """Blank out running headers and footers of PDFs (``Safer Stockton Partnership – 13 March 2018
    Page 1 of 3``, ``AGENDA ITEM 3``, ``- 2 -``)."""
    if "Page" not in text and "AGENDA ITEM" not in text and not _DASHED_NUMBER.search(text):
        return text  # the usual case, told by fast searches before any line-by-line work
    return "\n".join("" if is_running_line(line) else line for line in text.split("\n"))


_DATED_TITLE = re.compile(
    r"^[A-Z][A-Za-z' ]{3,80}[ \t][-–—][ \t]*(?:[A-Za-z]+day,?[ \t]+)?\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Za-z]+,?[ \t]+\d{4}$"
)


def drop_repeated_dated_titles(text: str) -> str:
    """Blank out repeats of a ``<Body> – <date>`` running header (PDF page tops); the first one
    stays, as it may be the document's own heading."""
    lines = text.split("\n")
    dated = Counter(line for line in lines if line[-4:].isdigit())  # a year last: few lines are counted
    repeated = {line for line, count in dated.items() if count > 1 and _DATED_TITLE.match(line)}
    if not repeated:
        return text
    seen: set[str] = set()
    out = []
    for line in lines:
        out.append("" if line in seen else line)
        if line in repeated:
            seen.add(line)
    return "\n".join(out)


STEPS: tuple[Callable[[str], str], ...] = (
    normalise_newlines,
    normalise_characters,
    unescape_markdown,
    strip_emphasis,
    strip_heading_marks,
    strip_attachment_marks,
    strip_line_ends,
    tables_to_paragraphs,
    drop_running_lines,
    drop_repeated_dated_titles,
)


def clean_text(text: str) -> str:
    """Apply every clean-up step in order."""
    for step in STEPS:
        text = step(text)
    return text
