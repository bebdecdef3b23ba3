"""Lines to paragraphs: rejoining hard wraps and hyphenation left by PDFs, and telling lists apart."""
from __future__ import annotations

import re

from .resolutions import starts_resolution

# A line that starts a list entry: "-", "*", "•", "1.", "2)", "(a)", "a)", "(iv)".
_LIST_MARKER = re.compile(r"^(?:[-*•–·]\s|\d{1,2}[.)](?:\s|$)|\(?[a-z]\)\s|\((?:[ivx]{1,4}|[A-Z])\)\s)")
# Words a sentence cannot end on: a line ending with one was wrapped ("For examples, ASB and" /
# "Criminal Damage ..." in the 2017 minutes).
_CONNECTIVES = frozenset(
    "a an and at by for from in into of on or the to with that which who whose than as be is was were "
    "are has have had its their our &".split()
)
_SENTENCE_END = (".", "!", "?", ":", ";", ":-", "…")
_FULL_STOP = (".", "!", "?", "…")
# Text from a PDF is wrapped at one width: no line is longer than this...
MAX_WRAPPED_LINE = 160
# ...and this share of its lines come close to the longest (a line wraps when the next word does
# not fit, so a wrapped line is at least this fraction of the width).
WRAPPED_SHARE = 0.15
FULL_LINE = 0.75
MAX_LONE_NUMBER_DIGITS = 3


def is_list_entry(line: str) -> bool:
    """Whether ``line`` starts with a bullet, number or letter that opens a list entry."""
    return bool(_LIST_MARKER.match(line))


def is_lone_number(line: str) -> bool:
    """A number alone on its line: an item number in the bare layout, or a page number."""
    return len(line) <= MAX_LONE_NUMBER_DIGITS and line.isascii() and line.isdecimal()


def _last_word(line: str) -> str:
    space = line.rfind(" ")
    return line[space + 1:].lower()


def _open_brackets(text: str) -> int:
    return text.count("(") - text.count(")")


def ends_sentence(line: str) -> bool:
    return line.endswith(_SENTENCE_END)


def continues(previous: str, following: str) -> bool:
    """Whether ``following`` carries on the sentence ``previous`` was wrapped out of."""
    if not previous or not following or is_list_entry(following):
        return False
    if _open_brackets(previous) > 0 or previous.endswith(("-", "–", ",")):
        return True
    if ends_sentence(previous):
        return False
    return following[0].islower() or _last_word(previous) in _CONNECTIVES


def join_pair(previous: str, following: str) -> str:
    """Join two wrapped lines; a word hyphenated across them is made whole again, while a hyphen
    before a capital stays (``Stockton-on-`` / ``Tees``, ``Bowman-`` / ``Abouna``)."""
    if previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha():
        if following[:1].islower():
            return previous[:-1] + following
        return previous + following
    return f"{previous} {following}"


def join_wrapped(lines: list[str]) -> str:
    """Lines of one title or list, wrapped anywhere, as one line."""
    text = ""
    for line in lines:
        line = line.strip()
        if line:
            text = join_pair(text, line) if text else line
    return text


def wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text (from a PDF) was wrapped at, or None for text whose paragraphs
    each stand on one line (every sample export)."""
    lengths = [len(line) for line in lines if line]
    if len(lengths) < 5 or max(lengths) > MAX_WRAPPED_LINE:
        return None
    longest = max(lengths)
    near = sum(length >= FULL_LINE * longest for length in lengths)
    return longest if near >= WRAPPED_SHARE * len(lengths) else None


def _break(line: str, following: str, width: int | None) -> str:
    """What separates two consecutive lines of a block: " " (a wrap), "\n" (a line of its own, as
    list entries are) or "\n\n" (a new paragraph, where the text has no blank lines between them)."""
    if continues(line, following):
        return " "
    if is_list_entry(following):
        return "\n"
    if line.endswith(_FULL_STOP):
        if width is None or len(line) < FULL_LINE * width or starts_resolution(following):
            return "\n\n"
        return " "  # a sentence that happened to end at the edge of the page
    if width is not None and len(line) >= FULL_LINE * width and not ends_sentence(line):
        return " "
    return "\n"


def block_paragraphs(block: list[str], width: int | None = None) -> list[str]:
    """One block of consecutive lines as paragraphs: wrapped lines joined, list entries and short
    deliberate lines kept on lines of their own, and paragraphs split where a sentence ends a line
    that stops short of the width (PDF text with no blank lines between paragraphs)."""
    paragraphs = [block[0]]
    for previous, line in zip(block, block[1:]):
        separator = _break(previous, line, width)
        if separator == " ":
            paragraphs[-1] = join_pair(paragraphs[-1], line)
        elif separator == "\n":
            paragraphs[-1] += "\n" + line
        else:
            paragraphs.append(line)
    return paragraphs


def blocks(lines: list[str]) -> list[list[str]]:
    """Consecutive non-blank lines grouped; blank lines separate the groups."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def paragraphs(lines: list[str], width: int | None = None) -> list[str]:
    """The paragraphs of a stretch of lines. A paragraph broken by a blank line in mid-sentence (a
    page break, or the 2017 and 2022 exports' stray breaks) is joined again."""
    out: list[str] = []
    for block in blocks(lines):
        found = block_paragraphs(block, width)
        if out and continues(out[-1].rsplit("\n", 1)[-1], found[0]):
            out[-1] = join_pair(out[-1], found[0])
            found = found[1:]
        out.extend(found)
    return out


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'‘“])")


def sentences(paragraph: str) -> list[str]:
    """A paragraph split into sentences (good enough for finding phrases, not for display)."""
    return [s for s in _SENTENCE_BREAK.split(paragraph.replace("\n", " ")) if s]
