"""Keeping uploads between the admin's preview and confirm: a private folder, signed tokens, expiry."""
from __future__ import annotations

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError

from .documents import checksum_of

STAGING_MAX_AGE = 6 * 60 * 60  # seconds an upload may wait between preview and confirm
STAGING_SALT = "meetings.admin_import.staging"
STAGED_EXPIRED = "{filename}: the uploaded file has expired or was already used; upload it again."


def _staging_dir() -> Path:
    folder = Path(settings.MINUTES_STAGING_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def staging_put(*, content: bytes, filename: str, user_id: int) -> str:
    """Keep `content` until the officer confirms; returns a signed token naming it, this user and its checksum."""
    folder = _staging_dir()
    cutoff = time.time() - STAGING_MAX_AGE
    for stale in folder.glob("*.upload"):  # uploads never confirmed nor cancelled
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)
    key = uuid.uuid4().hex
    (folder / f"{key}.upload").write_bytes(content)
    return signing.dumps({"key": key, "user": user_id, "name": filename, "sha": checksum_of(content)}, salt=STAGING_SALT)


def _staged(token: str, user_id: int) -> tuple[dict, Path]:
    try:
        data = signing.loads(token, salt=STAGING_SALT, max_age=STAGING_MAX_AGE)
    except signing.BadSignature as error:
        raise ValidationError(STAGED_EXPIRED.format(filename="The upload")) from error
    if data.get("user") != user_id:
        raise ValidationError(STAGED_EXPIRED.format(filename=data.get("name", "The upload")))
    return data, _staging_dir() / f"{data['key']}.upload"


def staging_get(token: str, *, user_id: int) -> tuple[str, bytes]:
    """(filename, content) of a staged upload; ValidationError if expired, used, altered or another user's."""
    data, file = _staged(token, user_id)
    try:
        content = file.read_bytes()
    except OSError as error:
        raise ValidationError(STAGED_EXPIRED.format(filename=data["name"])) from error
    if checksum_of(content) != data["sha"]:
        raise ValidationError(STAGED_EXPIRED.format(filename=data["name"]))
    return data["name"], content


def staging_discard(token: str, *, user_id: int) -> None:
    try:
        _, file = _staged(token, user_id)
    except ValidationError:
        return
    file.unlink(missing_ok=True)
