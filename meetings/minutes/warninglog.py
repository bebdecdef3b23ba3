"""The warnings of one parse, in the order found, with a cap per kind so a huge file stays readable."""
from __future__ import annotations

from collections import Counter

MAX_PER_KIND = 20


class WarningLog:
    """Collects warnings; ``kind`` groups alike ones so that only ``MAX_PER_KIND`` of each are kept
    and the rest are summarised in one line."""

    def __init__(self) -> None:
        self._messages: list[str] = []
        self._counts: Counter[str] = Counter()

    def add(self, kind: str, message: str, *, line: int | None = None) -> None:
        self._counts[kind] += 1
        if self._counts[kind] <= MAX_PER_KIND:
            self._messages.append(f"{message} (line {line})" if line else message)

    def as_tuple(self) -> tuple[str, ...]:
        dropped = [
            f"{count - MAX_PER_KIND} more {'warning' if count - MAX_PER_KIND == 1 else 'warnings'} "
            f"like the ones about {kind} {'was' if count - MAX_PER_KIND == 1 else 'were'} left out"
            for kind, count in self._counts.items()
            if count > MAX_PER_KIND
        ]
        return tuple(self._messages + dropped)
