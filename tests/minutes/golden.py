"""Comparing a parse with a hand-written expectation: the subset rule of ``fixtures/README.md``."""
from __future__ import annotations

from typing import Any


def mismatches(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Every place where ``actual`` (the SCHEMA.md JSON of a parse) differs from ``expected``.

    Objects: only the keys the expectation names are compared. Lists: same length, compared in
    order. ``warnings``: each expected string must be found (ignoring case) in some warning, and an
    empty list means there must be no warnings at all.
    """
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        problems = []
        for key, value in expected.items():
            if key not in actual:
                problems.append(f"{path}.{key}: missing")
            elif key == "warnings":
                problems.extend(_warning_mismatches(value, actual[key], f"{path}.{key}"))
            else:
                problems.extend(mismatches(value, actual[key], f"{path}.{key}"))
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} entries, got {actual!r}"]
        return [
            problem
            for n, (entry, got) in enumerate(zip(expected, actual))
            for problem in mismatches(entry, got, f"{path}[{n}]")
        ]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def _warning_mismatches(fragments: list[str], warnings: list[str], path: str) -> list[str]:
    if not fragments:
        return [f"{path}: expected no warnings, got {warnings!r}"] if warnings else []
    lowered = [warning.lower() for warning in warnings]
    return [
        f"{path}: no warning mentions {fragment!r}; warnings were {warnings!r}"
        for fragment in fragments
        if not any(fragment.lower() in warning for warning in lowered)
    ]
