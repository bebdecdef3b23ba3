"""The one place that decides who may see restricted items, and the people and organisations named.

Every queryset that can reach an agenda item, a resolution or a declaration narrows itself through
`restricted_filter`, so pages, counts, search, CSV, feeds and the sitemap agree by construction.
People and organisations are known to a user only through what that user may see
(`people_visible_to`, `organisations_visible_to`); minutes are matched by keyword only in the text
the user may read (`minute_field`).
"""
from django.db.models import Q

VIEW_RESTRICTED_PERM = "meetings.view_restricted"


def can_view_restricted(user) -> bool:
    """True for officers and partners (users holding `meetings.view_restricted`), else False."""
    return bool(user is not None and user.is_authenticated and user.has_perm(VIEW_RESTRICTED_PERM))


def restricted_filter(user, item_path: str = "") -> Q:
    """A Q that keeps only rows whose agenda item `user` may see.

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

    from .models import Attendance, Declaration, Meeting

    meetings = Meeting.objects.visible_to(user)
    attended = Attendance.objects.filter(person=OuterRef("pk"), meeting__in=meetings)
    declared = Declaration.objects.visible_to(user).filter(person=OuterRef("pk"), meeting__in=meetings)
    return Person.objects.filter(Exists(attended) | Exists(declared))


def organisations_visible_to(user):
    """Organisations `user` may know of: in the attendance of a meeting the user may see."""
    from django.db.models import Exists, OuterRef

    from people.models import Organisation

    from .models import Attendance, Meeting

    attended = Attendance.objects.filter(organisation=OuterRef("pk"), meeting__in=Meeting.objects.visible_to(user))
    return Organisation.objects.filter(Exists(attended))
