"""Figures over the whole archive, kept per archive version and audience (issue 12).

Some figures depend only on what the archive holds and on who reads it: how many resolutions the
public may see, which people a partner may know of, how many meetings each organisation was
represented at. At 10,000 meetings each costs 5-100 ms (counts over 80,000 resolutions or 150,000
attendance rows), and several pages repeat them on every request. `figure(name, user, compute)` keeps
each in `ArchiveFigure`, keyed by
- the archive's version (`meetings.ArchiveStamp`, moved by database triggers on every write to any
  table a public output reads), so a change to the archive retires every figure at once, and
- the reader's audience (`visibility.audience_key`: public, restricted, all), so a figure computed
  for partners is never served to the public, nor the public's to an officer. A reader of no
  audience (an officer's preview of a meeting awaiting review) is computed for live, and keeps nothing.

Why a figure never shows what its reader may not see (the argument the tests check):
1. `compute` is the ordinary `visible_to(user)` queryset, and everyone in one audience sees the same
   rows (the audience is decided from the same permissions as the querysets, in visibility.py).
2. The stamp is read BEFORE the figure is computed. Its version can only be as old as, or older than,
   the data `compute` then reads: a write that lands in between moves the stamp past the version the
   figure is stored under, so no later reader looks it up. Reading the stamp after computing could
   store figures from before an unpublishing under the version after it, to be served until the
   next change. (A reader that read the same older version a moment before may be served figures
   of the newer data: what it is then shown is already true of the archive, never less hidden.)
3. A figure is looked up by the exact version and stamp time now current; older versions are
   deleted when a newer one is kept, and never read before then. The stamp time is part of the key
   because a stamp row deleted and begun again (a flushed database) numbers its versions from 1 again.
4. Never inside an open transaction, neither read nor kept, as for the anonymous page cache: on
   PostgreSQL the stamp moves only when a transaction commits, so within one that has written, the
   current version does not speak for what that transaction sees.
5. Keeping a figure is its own small transaction (a savepoint if ever nested): if it fails, the
   figure computed is returned all the same and the request goes on. `ArchiveFigure` has no stamp
   trigger, so keeping a figure never retires the anonymous cache or the other figures.

Values are JSON (numbers, strings, lists); callers turn dates and ids back into their types.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.models import OuterRef, QuerySet, Subquery

from .visibility import audience_key, organisations_visible_to, people_visible_to

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Lists of ids longer than this are not used as `pk IN (...)` lists (SQLite before 3.32 refused
# more than 999 bound variables, later ones 32,766); past it the page filters live instead.
MAX_KEPT_IDS = 5000


class ArchiveFigure(models.Model):
    """One figure over the whole archive for one audience at one archive version (see the module)."""

    name = models.CharField(max_length=100)
    audience = models.CharField(max_length=20)
    version = models.BigIntegerField()
    stamped_at = models.DateTimeField(help_text="The archive stamp's changed_at when this was computed.")
    value = models.JSONField()

    class Meta:
        app_label = "meetings"
        constraints = [
            models.UniqueConstraint(fields=["name", "audience", "version", "stamped_at"],
                                    name="one_figure_per_archive_version"),
        ]

    def __str__(self):
        return f"{self.name} ({self.audience}, version {self.version})"


def figures_apply(user) -> bool:
    """Whether figures are kept for and served to `user` here: an audience, outside a transaction."""
    return audience_key(user) is not None and not connections[DEFAULT_DB_ALIAS].in_atomic_block


def figure(name: str, user, compute: Callable[[], T]) -> T:
    """The figure `name` for `user`'s audience at the archive's current version, computing and keeping it
    when it is not kept yet.

    Args:
        name: what the figure is ("resolutions", "people", ...), the same for every audience.
        user: the reader (anonymous allowed).
        compute: returns the figure, JSON-serialisable, from the `visible_to(user)` querysets.
    Returns:
        The kept value, else `compute()`. One query when kept; `compute`'s and two more when not.
    """
    if not figures_apply(user):
        return compute()
    from .models import ArchiveStamp

    audience = audience_key(user)
    # The stamp first (see the module docstring, point 2), and in the same query the figure kept for it.
    # Its stamp time is compared here, not in SQL: SQLite's trigger writes changed_at with 3 decimals and
    # Django writes 6, so the two texts differ for the same instant.
    kept = ArchiveFigure.objects.filter(name=name, audience=audience, version=OuterRef("version")).order_by("-pk")
    row = (
        ArchiveStamp.objects.filter(pk=1)
        .annotate(kept=Subquery(kept.values("value")[:1], output_field=models.JSONField()),
                  kept_at=Subquery(kept.values("stamped_at")[:1]))
        .values_list("version", "changed_at", "kept", "kept_at").first()
    )
    if row is None:  # no stamp row (a flushed database): nothing to key on
        return compute()
    version, stamped_at, stored, stored_at = row
    if stored is not None and stored_at == stamped_at:
        return stored["value"]
    value = compute()
    _keep(name, audience, version, stamped_at, value)
    return value


def _keep(name: str, audience: str, version: int, stamped_at, value) -> None:
    """Store `value` for (name, audience, version) and delete that figure's older versions; on failure
    log it and keep nothing (the caller has the value it computed)."""
    try:
        with transaction.atomic():
            # {"value": ...}: a figure may itself be null, which a missing row must not look like.
            ArchiveFigure.objects.bulk_create(
                [ArchiveFigure(name=name, audience=audience, version=version, stamped_at=stamped_at,
                               value={"value": value})],
                ignore_conflicts=True,  # another request kept it first: the same figure
            )
            ArchiveFigure.objects.filter(name=name, audience=audience).filter(
                models.Q(version__lt=version) | models.Q(version=version) & ~models.Q(stamped_at=stamped_at)
            ).delete()
    except (DatabaseError, TypeError, ValueError):
        logger.warning("Archive figure %r (%s) not kept", name, audience, exc_info=True)


def known_rows(model, name: str, user, visible: QuerySet) -> QuerySet:
    """The rows of `visible` (people or organisations `user` may know of, a `visible_to` queryset of
    `model`) as a `pk IN` list of ids kept under `name`; `visible` itself when nothing is kept for `user`."""
    if not figures_apply(user):
        return visible
    ids = figure(name, user, lambda: list(visible.order_by("pk").values_list("pk", flat=True)))
    if len(ids) > MAX_KEPT_IDS:
        return visible
    return model.objects.filter(pk__in=ids)


def people_known_to(user) -> QuerySet:
    """The people `user` may know of (`visibility.people_visible_to`), from kept ids: a filter panel's
    drop-down and the A–Z list then read 600 people by key, not test two EXISTS for each (45 ms)."""
    from people.models import Person

    return known_rows(Person, "people", user, people_visible_to(user))


def organisations_known_to(user) -> QuerySet:
    """The organisations `user` may know of (`visibility.organisations_visible_to`), from kept ids."""
    from people.models import Organisation

    return known_rows(Organisation, "organisations", user, organisations_visible_to(user))
