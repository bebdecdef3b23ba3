"""The one set of import outcomes, shared by the service, the ImportRun record, the admin and the command."""
from django.db import models


class ImportOutcome(models.TextChoices):
    """What came of one file. Every value but SKIPPED is also an ImportRun's outcome."""

    IMPORTED = "imported", "Imported"
    REPLACED = "replaced", "Replaced"
    SKIPPED = "skipped", "Skipped"
    REFUSED = "refused", "Refused"
    FAILED = "failed", "Failed"
    UNDONE = "undone", "Undone"  # an officer undid the meeting's last import

    @classmethod
    def recorded(cls) -> list[tuple[str, str]]:
        """The choices an ImportRun can hold: a skipped file leaves no record."""
        return [(value, label) for value, label in cls.choices if value != cls.SKIPPED]

    @property
    def wrote(self) -> bool:
        """Whether the archive was changed."""
        return self in (ImportOutcome.IMPORTED, ImportOutcome.REPLACED, ImportOutcome.UNDONE)
