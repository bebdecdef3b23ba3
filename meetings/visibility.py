"""The one place that decides who may see restricted items.

Every queryset that can reach an agenda item, a resolution or a declaration narrows itself through
`restricted_filter`, so pages, counts, search, CSV, feeds and the sitemap agree by construction.
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
