"""The one place that decides who may see what: unpublished meetings and restricted items.

Every queryset that can reach a meeting, an agenda item, a resolution, a declaration or an attendance
row narrows itself through `published_filter` and `restricted_filter` (combined in `item_filter`), so
pages, counts, search, CSV, feeds, the sitemap and the API agree by construction.

Two conditions, both failing closed:
- a meeting is seen only once an officer has published it, except by holders of
  `meetings.view_unpublished` (the Democratic services group; not partners, not the public);
- a restricted item (its resolutions and declarations) only by holders of `meetings.view_restricted`
  (partners and officers), and then only in meetings they may see.

People and organisations are known to a user only through what that user may see
(`people_visible_to`, `organisations_visible_to`); minutes are matched by keyword only in the text
the user may read (`minute_field`).
"""
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

VIEW_RESTRICTED_PERM = "meetings.view_restricted"
VIEW_UNPUBLISHED_PERM = "meetings.view_unpublished"


def can_view_restricted(user) -> bool:
    """True for officers and partners (users holding `meetings.view_restricted`), else False."""
    return bool(user is not None and user.is_authenticated and user.has_perm(VIEW_RESTRICTED_PERM))


def can_view_unpublished(user) -> bool:
    """True for officers (users holding `meetings.view_unpublished`), else False."""
    return bool(user is not None and user.is_authenticated and user.has_perm(VIEW_UNPUBLISHED_PERM))


class PublicPreview(AnonymousUser):
    """An anonymous visitor who may also see one meeting awaiting review: the officer's preview.

    It holds no permission (so restricted items stay withheld exactly as for the public); the one
    extra meeting it may see is allowed by `published_filter`, never by a filter in a view.
    """

    def __init__(self, meeting_id: int):
        super().__init__()
        self.preview_meeting_id = meeting_id


# What a user sees of the whole archive depends only on these two permissions and on an officer's
# preview; `audience_key` names the classes of users who see exactly the same rows, so figures over
# the whole archive can be kept once per class (meetings/figures.py).
PUBLIC_AUDIENCE = "public"
RESTRICTED_AUDIENCE = "restricted"
ALL_AUDIENCE = "all"


def audience_key(user) -> str | None:
    """The class of readers who see exactly what `user` sees, or None when `user` is in no class.

    "public": neither permission (anonymous visitors, signed-in non-partners); "restricted": may view
    restricted items but not unpublished meetings (partners); "all": both (officers). None, so that
    nothing is kept for or served to them (fail closed): an officer's preview (`PublicPreview`, which
    also sees one meeting awaiting review), and anyone holding view_unpublished without view_restricted
    (no group is made so; their view would be shared with nobody).
    """
    if getattr(user, "preview_meeting_id", None) is not None:
        return None
    restricted, unpublished = can_view_restricted(user), can_view_unpublished(user)
    if not restricted and not unpublished:
        return PUBLIC_AUDIENCE
    if restricted and not unpublished:
        return RESTRICTED_AUDIENCE
    if restricted and unpublished:
        return ALL_AUDIENCE
    return None


def published_filter(user, meeting_path: str = "") -> Q:
    """A Q that keeps only rows whose meeting `user` may see (published, or any for officers).

    Args:
        user: the request's user (anonymous allowed), or None for the public.
        meeting_path: the lookup from the queried model to its Meeting ("" for Meeting itself,
            "meeting__" for AgendaItem and Attendance, "item__meeting__" for Resolution).
    """
    if can_view_unpublished(user):
        return Q()
    visible = Q(**{f"{meeting_path}is_published": True})
    preview_id = getattr(user, "preview_meeting_id", None)
    if preview_id is not None:
        visible |= Q(**{f"{meeting_path}pk": preview_id})
    return visible


def restricted_filter(user, item_path: str = "") -> Q:
    """A Q that keeps only rows whose agenda item is not restricted, unless `user` may view restricted.

    Args:
        user: the request's user (anonymous allowed), or None for the public.
        item_path: the lookup from the queried model to its AgendaItem ("" for AgendaItem itself,
            "item__" for Resolution).
    Returns:
        An empty Q for users who may view restricted items, else one excluding restricted items.
    """
    if can_view_restricted(user):
        return Q()
    return Q(**{f"{item_path}is_restricted": False})


def item_filter(user, item_path: str = "") -> Q:
    """A Q keeping rows whose agenda item `user` may see: in a meeting they may see, and not
    restricted unless they may view restricted items."""
    return published_filter(user, f"{item_path}meeting__") & restricted_filter(user, item_path)


def minute_field(user) -> str:
    """The item field a search or keyword filter may match for `user`: the minute itself for those
    who may view restricted items, else its public text (sentences naming restricted items withheld)."""
    return "minute" if can_view_restricted(user) else "public_minute"


def resolution_text_field(user) -> str:
    """Like `minute_field`, for a resolution's text."""
    return "text" if can_view_restricted(user) else "public_text"


def people_visible_to(user):
    """People `user` may know of: minuted in the attendance of a meeting the user may see, or as
    making a declaration the user may see. Someone named only in restricted places is unknown:
    absent from lists, filters and the API, and their page is a 404."""
    from django.db.models import Exists, OuterRef

    from people.models import Person

    from .models import Attendance, Declaration

    attended = Attendance.objects.visible_to(user).filter(person=OuterRef("pk"))
    declared = Declaration.objects.visible_to(user).filter(person=OuterRef("pk"))
    return Person.objects.filter(Exists(attended) | Exists(declared))


def organisations_visible_to(user):
    """Organisations `user` may know of: in the attendance of a meeting the user may see."""
    from django.db.models import Exists, OuterRef

    from people.models import Organisation

    from .models import Attendance

    attended = Attendance.objects.visible_to(user).filter(organisation=OuterRef("pk"))
    return Organisation.objects.filter(Exists(attended))


def withheld_item_places(user, meeting) -> list[tuple[int, str]]:
    """(position, printed number) of each item of `meeting` that `user` may not see, in order.

    The meeting page keeps a withheld item's place in the sequence ("Not published: restricted
    item"), as councils' own sites do, so the numbering has no unexplained gap. Only the place is
    read: never the title, minute or resolutions. Empty when the user may not see the meeting at
    all (the published filter applies here too), so a caller's mistake cannot list a pending
    meeting's items.
    """
    from .models import AgendaItem

    if can_view_restricted(user):
        return []  # they see every item of every meeting they may see: nothing is withheld (no query)
    in_meeting = AgendaItem.objects.filter(published_filter(user, "meeting__"), meeting=meeting)
    visible = AgendaItem.objects.visible_to(user).filter(meeting=meeting).values("pk")
    return list(in_meeting.exclude(pk__in=visible).order_by("position").values_list("position", "number"))


def report_filter(user, report_path: str = "") -> Q:
    """A Q keeping reports `user` may see: attached to an item they may see (so in a meeting they may
    see; a restricted item's reports are restricted whatever their own flag), and not restricted
    themselves unless they may view restricted content. The one rule for reports: pages, downloads,
    search, the API and the sitemap all start from it (`Report.objects.visible_to`).

    Args:
        report_path: the lookup from the queried model to its Report ("" for Report itself,
            "report__" for ReportPage).
    """
    own = Q() if can_view_restricted(user) else Q(**{f"{report_path}is_restricted": False})
    return item_filter(user, f"{report_path}item__") & own


_IDS_PER_QUERY = 5000  # well under SQLite's limit on bound variables (32,766; 999 before 3.32)


def _visible_ids(visible, ids: set) -> set:
    """The ids among `ids` of rows in the queryset `visible`, asked in chunks (a big merge moves
    thousands of rows, and SQLite refuses a query with too many bound variables)."""
    ids = sorted(pk for pk in ids if pk is not None)
    found = set()
    for start in range(0, len(ids), _IDS_PER_QUERY):
        found.update(visible.filter(pk__in=ids[start:start + _IDS_PER_QUERY]).values_list("pk", flat=True))
    return found


def _merges_unknown_to(user, kind: str) -> list[dict]:
    """The snapshots of the (not undone) merges of `kind` whose merged-away record `user` could not
    know of: none of the attendance rows or declarations it brought is one `user` may see.

    At most four queries whatever the number of merges: the snapshots, then the visible ones among
    all the rows they moved (ids survive a merge and later merges) and among the meetings of the
    attendance rows dropped because both records attended (attendance is public once its meeting is).
    Officers, who see every row, know of every record (no query).
    """
    from .models import Attendance, Declaration, Meeting, MergeRecord

    if can_view_unpublished(user) and can_view_restricted(user):
        return []
    snapshots = list(
        MergeRecord.objects.filter(kind=kind, undone_at__isnull=True).values_list("snapshot", flat=True)
    )
    seen_attendance = _visible_ids(Attendance.objects.visible_to(user),
                                   {pk for s in snapshots for pk in s.get("attendance_moved", [])})
    seen_declarations = _visible_ids(Declaration.objects.visible_to(user),
                                     {pk for s in snapshots for pk in s.get("declarations_moved", [])})
    seen_meetings = _visible_ids(Meeting.objects.visible_to(user),
                                 {row.get("meeting_id") for s in snapshots for row in s.get("attendance_dropped", [])})
    return [
        s for s in snapshots
        if not (seen_attendance & set(s.get("attendance_moved", []))
                or seen_declarations & set(s.get("declarations_moved", []))
                or seen_meetings & {row.get("meeting_id") for row in s.get("attendance_dropped", [])})
    ]


def merged_record_known_to(user, *, kind: str, old_slug: str) -> bool:
    """Whether `user` could know of the record merged away from `old_slug`: some attendance row (or,
    for a person, declaration) it brought into the merge is one `user` may see.

    A merged record's old address redirects to the record kept only then: someone minuted only in
    restricted places, merged into someone public, must stay a 404 (a 301 would confirm that name).
    With no merge record for the slug the answer is False (fail closed).

    Args:
        kind: "person" or "organisation" (MergeRecord.Kind / SlugRedirect.Kind).
    """
    from .models import MergeRecord

    merges = MergeRecord.objects.filter(kind=kind, undone_at__isnull=True, snapshot__duplicate__slug=old_slug)
    if not merges.exists():
        return False
    unknown = {s["duplicate"].get("pk") for s in _merges_unknown_to(user, kind) if s["duplicate"]["slug"] == old_slug}
    return any(s["duplicate"].get("pk") not in unknown for s in merges.values_list("snapshot", flat=True))


def aliases_visible_to(user, alias_model, *, kind: str):
    """The aliases (PersonAlias or OrganisationAlias) `user` may read or search by: all but the
    spellings a merge brought from a record `user` could not know of (`_merges_unknown_to`).

    A merge keeps the merged record's name as an alias of the record kept, so a name minuted only in a
    restricted item would otherwise be listed in the API's other_names and found by a name search.
    """
    hidden = {change["key"] for s in _merges_unknown_to(user, kind) for change in s.get("aliases", [])}
    return alias_model.objects.exclude(normalised__in=hidden) if hidden else alias_model.objects.all()
