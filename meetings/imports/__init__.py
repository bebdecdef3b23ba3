"""The write side of importing minutes: reading a document, planning, writing, staging and outcomes.

Entry points (the admin, `import_minutes`, benchmarks) import from here::

    from meetings.imports import minutes_file_import, minutes_import, minutes_import_plan

Modules, in the order a document goes through them:

- `documents`: type and size limits, the one call to the parser's readers, `MinutesDocument`;
- `plan`: `minutes_import_plan`, deciding (reading only) what an import would do;
- `write`: `write_plan`, the rows, inside the caller's transaction;
- `service`: `minutes_import` / `minutes_file_import`, one transaction and an ImportRun per file;
- `staging`: uploads kept between the admin's preview and confirm;
- `outcomes`: `ImportOutcome`, shared by the service, ImportRun, the admin and the command;
- `messages`: every refusal and warning, as constants.

Names are loaded on first use (PEP 562) because `meetings.models` imports `outcomes` from this
package while the other modules import `meetings.models`.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "documents": ("ALLOWED_EXTENSIONS", "MinutesDocument", "checksum_of", "human_size", "minutes_document_check",
                  "minutes_document_limits", "minutes_document_read", "minutes_document_stored"),
    "plan": ("ImportPlan", "ItemPlan", "AttendeePlan", "DeclarationPlan", "body_find", "minutes_import_plan"),
    "service": ("ImportResult", "minutes_import", "minutes_file_import", "minutes_refusal_record"),
    "staging": ("staging_put", "staging_get", "staging_discard"),
    "outcomes": ("ImportOutcome",),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    if name.isupper():  # message constants: meetings.imports.FILE_EMPTY and the like
        messages = importlib.import_module(f"{__name__}.messages")
        if hasattr(messages, name):
            return getattr(messages, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
