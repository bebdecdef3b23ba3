"""The attendance lists (``Present:``, ``Officers:``, ``Also in attendance:``, ``Apologies:``)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .names import looks_like_name, name_key, split_name
from .paragraphs import join_wrapped
from .types import ParsedAttendee
from .warninglog import WarningLog

_LABEL = re.compile(
    r"""^(?:
        (?P<present>(?:members\s+)?present)
      | (?P<officer>(?:council\s+)?officers?(?:\s+present|\s+in\s+attendance)?)
      | (?P<in_attendance>(?:also\s+)?in\s+attendance|also\s+present)
      | (?P<apologies>apologies(?:\s+for\s+absence)?)
      | (?P<chair>chair(?:man)?|(?P<vice>vice[\s-]?chair(?:man)?))
    )[ \t]*[:–-][ \t-]*(?P<rest>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)
# "Apologies for absence were submitted on behalf of A, B and C." (no colon)
_APOLOGIES_SENTENCE = re.compile(
    r"^apologies\s+for\s+absence\s+(?:were|was)\s+(?:submitted|received|given|made|tendered)"
    r"\s+(?:on\s+behalf\s+of|from|by)\s+(?P<rest>.*)$",
    re.IGNORECASE,
)
# The same words after an "Apologies for absence:" label.
_SUBMITTED_ON_BEHALF = re.compile(
    r"^(?:were|was)\s+(?:submitted|received|given|tendered)\s+(?:on\s+behalf\s+of|from|by)\s+", re.IGNORECASE
)
_NOBODY = re.compile(r"^(?:none|nil|n/?a|no\s+apologies(?:\s+were\s+\w+)?|-)\.?$", re.IGNORECASE)
_CAPACITY = re.compile(r"^(?:(?P<vice>vice[\s-]*)?chair(?:man|woman|person)?|in the chair)$", re.IGNORECASE)
_AND = re.compile(r"\s+(?:and|&)\s+")
_LOOSE_ENDS = " ,.;:-–*"


@dataclass
class Label:
    """One attendance label found in the document."""

    line: int  # index into the document's lines
    role: str
    rest: str  # what follows the label on its own line
    capacity: str | None = None  # for the "Chair:" label


def find_label(line: str, index: int) -> Label | None:
    """The attendance label ``line`` starts with, if any."""
    match = _APOLOGIES_SENTENCE.match(line)
    if match:
        return Label(index, "apologies", match["rest"])
    match = _LABEL.match(line)
    if not match:
        return None
    if match["chair"]:
        return Label(index, "present", match["rest"], "Vice Chair" if match["vice"] else "Chair")
    role = next(name for name in ("present", "officer", "in_attendance", "apologies") if match[name])
    return Label(index, role, match["rest"])


@dataclass
class _Entry:
    """One name as tokenised, with the bracket after it and the ``;`` group it stands in."""

    name: str
    group: int
    bracket: str | None = None
    truncated: bool = False


_TOKENS = re.compile(r"[(),;]|[^(),;]+")


def _tokenise(text: str) -> list[_Entry]:
    """Split a list into entries in one pass over its brackets and separators: commas and semicolons
    inside brackets do not split; a name after a closed bracket with no comma between starts a new entry
    (``Richard Phelan (HMP Holme House) Paul Green (SBC)``); a bracket still open at the end is kept
    and flagged (``Dave Willingham (SBC - .`` in the 2020 minutes)."""
    entries: list[_Entry] = []
    name: list[str] = []
    bracket: list[str] = []
    closed: str | None = None
    depth = group = 0

    def flush() -> None:
        nonlocal closed
        text_name = "".join(name).strip(_LOOSE_ENDS + " ")
        if text_name or closed is not None:
            entries.append(_Entry(text_name, group, closed))
        name.clear()
        closed = None

    for token in _TOKENS.findall(text):
        if depth:
            if token == ")":
                depth -= 1
                if not depth:
                    inside = "".join(bracket).strip()
                    closed = inside if closed is None else f"{closed}, {inside}"
                    bracket.clear()
                    continue
            elif token == "(":
                depth += 1
            bracket.append(token)
        elif token == "(":
            depth = 1
        elif token in ",;":
            flush()
            group += token == ";"
        elif token == ")":
            continue  # a stray closing bracket
        elif closed is not None and token.strip(_LOOSE_ENDS + "\t"):
            flush()  # a missing comma between two entries
            name.append(token)
        else:
            name.append(token)
    truncated = depth > 0
    if truncated:
        inside = "".join(bracket).strip()
        closed = inside if closed is None else f"{closed}, {inside}"
    flush()
    if truncated and entries:
        entries[-1].truncated = True
    return _attach_orphan_brackets(entries)


def _attach_orphan_brackets(entries: list[_Entry]) -> list[_Entry]:
    """``John Bentley, (Safe in Tees Valley)`` (2017): a bracket after a stray comma belongs to the
    name before it."""
    out: list[_Entry] = []
    for entry in entries:
        if not entry.name and out and out[-1].bracket is None:
            out[-1].bracket, out[-1].truncated = entry.bracket, entry.truncated
        elif entry.name:
            out.append(entry)
    return out


def _split_joined_names(entries: list[_Entry]) -> list[_Entry]:
    """``A, B and C``: names joined by "and" are separate people when every part looks like a name.
    A bracket stays with the last of them."""
    out: list[_Entry] = []
    for entry in entries:
        parts = _AND.split(entry.name)
        if len(parts) > 1 and all(looks_like_name(part) for part in parts):
            out.extend(_Entry(part, entry.group) for part in parts[:-1])
            out.append(_Entry(parts[-1], entry.group, entry.bracket, entry.truncated))
        else:
            out.append(entry)
    return out


_NOTE = re.compile(r"^(?:for|re|from)\s+(?:agenda\s+)?items?\b|^items?\s+\d", re.IGNORECASE)
_DASH = re.compile(r"\s+[-–]\s+")


def _dash_split(part: str) -> tuple[str, str, str]:
    pieces = _DASH.split(part, maxsplit=1)
    return (pieces[0], "-", pieces[1]) if len(pieces) == 2 else (part, "", "")


def _read_bracket(bracket: str | None) -> tuple[str | None, str | None]:
    """(organisation, capacity) from a bracket: ``Police, Vice Chair`` -> (``Police``, ``Vice Chair``);
    ``Chairman`` -> (None, ``Chair``)."""
    if not bracket:
        return None, None
    organisation, capacity = [], None
    if _NOTE.match(bracket.strip()):
        return None, None  # "(For item 9 - Troubled Families)": a note, not an organisation (2014)
    for part in bracket.split(","):
        part = " ".join(part.split()).strip(_LOOSE_ENDS)
        # "(Chairman - Tristar Homes Ltd)": capacity and organisation in one bracket (2008)
        head, dash, tail = _dash_split(part)
        if dash and _CAPACITY.match(head):
            capacity = "Vice Chair" if _CAPACITY.match(head)["vice"] else "Chair"
            part = tail
        match = _CAPACITY.match(part)
        if match:
            capacity = "Vice Chair" if match["vice"] else "Chair"
        elif part:
            organisation.append(part)
    return (", ".join(organisation) or None), capacity


def _group_organisations(entries: list[_Entry]) -> dict[int, str]:
    """For ``;``-separated groups: the organisation in the bracket that closes each group."""
    last_in_group = {entry.group: entry for entry in entries}
    found = {}
    for group, entry in last_in_group.items():
        organisation, _ = _read_bracket(entry.bracket)
        if organisation:
            found[group] = organisation
    return found


def parse_list(
    text: str, role: str, *, line: int, log: WarningLog, capacity: str | None = None
) -> list[ParsedAttendee]:
    """One attendance list. Where the list is split into groups by ``;`` (the 2012 minutes), a
    bracket closing a group applies to each name in the group without a bracket of its own;
    otherwise a bracket belongs only to the name just before it."""
    text = _SUBMITTED_ON_BEHALF.sub("", " ".join(text.split())).strip(_LOOSE_ENDS)
    if not text or _NOBODY.match(text):
        return []
    entries = _split_joined_names(_tokenise(text))
    grouped = ";" in text and len({entry.group for entry in entries}) > 1
    group_organisation = _group_organisations(entries) if grouped else {}
    people = []
    for entry in entries:
        name, honorific = split_name(" ".join(entry.name.split()))
        organisation, entry_capacity = _read_bracket(entry.bracket)
        if organisation is None and entry.bracket is None:
            organisation = group_organisation.get(entry.group)
        if entry.truncated:
            log.add(
                "cut-off attendance entries",
                f"attendance: '{entry.name} ({entry.bracket}' looks cut off; read as '{name}'"
                + (f" of '{organisation}'" if organisation else ""),
                line=line,
            )
        if not looks_like_name(name):
            log.add("odd names", f"attendance: '{name}' does not look like a person's name; please check", line=line)
        people.append(ParsedAttendee(name, role, honorific, organisation, entry_capacity or capacity))
    return people


def dedupe(people: list[tuple[ParsedAttendee, int]], log: WarningLog) -> tuple[ParsedAttendee, ...]:
    """Each person once, as first listed; a repeat is reported with where it was."""
    kept: dict[str, ParsedAttendee] = {}
    for person, line in people:
        key = name_key(person.name)
        first = kept.get(key)
        if first is None:
            kept[key] = person
        elif first.role == person.role:
            log.add("repeated attendees", f"attendance: '{person.name}' listed twice; kept once", line=line)
        else:
            log.add(
                "repeated attendees",
                f"attendance: '{person.name}' listed as {first.role} and as {person.role}; kept as {first.role}",
                line=line,
            )
    return tuple(kept.values())


_FIRST_ENTRY = re.compile(r"[,;(]")


def _list_goes_on(last_line: str, open_brackets: int, following: str) -> bool:
    """After a blank line: does the next paragraph continue the list? Yes when the list so far
    stops mid-entry (``Vice`` / ``Chair)`` and ``Sarah`` / ``Wilson`` in the 2024 minutes) and the
    paragraph reads like more names rather than a sentence."""
    if not last_line or open_brackets > 0 or last_line.endswith(","):
        return True
    if last_line.endswith("."):
        return False
    return looks_like_name(_FIRST_ENTRY.split(following, maxsplit=1)[0].strip())


def _list_text(lines: list[str], label: Label, stops: set[int], end: int) -> tuple[str, int]:
    """The text of the list under ``label`` and the index just after it: lines up to the next label
    or the end, across blank lines while the list plainly goes on."""
    parts = [label.rest] if label.rest else []
    open_brackets = label.rest.count("(") - label.rest.count(")")
    index = label.line + 1
    while index < end and index not in stops:
        line = lines[index]
        if not line:
            following = index
            while following < end and not lines[following]:
                following += 1
            if following >= end or following in stops:
                break
            if not _list_goes_on(parts[-1] if parts else "", open_brackets, lines[following]):
                break
            index, line = following, lines[following]
        parts.append(line)
        open_brackets += line.count("(") - line.count(")")
        index += 1
    return join_wrapped(parts), index


def read_attendance(
    lines: list[str], start: int, end: int, log: WarningLog
) -> tuple[tuple[ParsedAttendee, ...], set[int]]:
    """Every attendance list between ``start`` and ``end`` (the first item), each person once,
    and the indices of the lines the lists took up."""
    labels = [label for index in range(start, end) if (label := find_label(lines[index], index))]
    stops = {label.line for label in labels}
    people: list[tuple[ParsedAttendee, int]] = []
    used: set[int] = set()
    for label in labels:
        text, after = _list_text(lines, label, stops, end)
        used.update(range(label.line, after))
        found = parse_list(text, label.role, line=label.line + 1, log=log, capacity=label.capacity)
        people.extend((person, label.line + 1) for person in found)
    return dedupe(people, log), used
