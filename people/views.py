"""Public pages for people and organisations: who attended, for whom, and how often (counts only)."""
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from meetings.views import paginate

from . import selectors
from .models import Organisation, Person

PER_PAGE = 50
MEETINGS_PER_PAGE = 25


def _name_list(request, selector, template: str):
    """An A–Z list narrowed by `?q=` (part of a name or alias), a page at a time."""
    query = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selector(user=request.user, query=query), PER_PAGE)
    return render(request, template, {"page": page, "query": query})


@require_safe
def person_list(request):
    return _name_list(request, selectors.person_list, "people/person_list.html")


@require_safe
def person_detail(request, slug: str):
    person = get_object_or_404(Person, slug=slug)
    rows = selectors.person_attendance(user=request.user, person=person)
    return render(request, "people/person_detail.html", {
        "person": person, "summary": selectors.person_summary(rows),
    })


@require_safe
def organisation_list(request):
    return _name_list(request, selectors.organisation_list, "people/organisation_list.html")


@require_safe
def organisation_detail(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    meetings = selectors.organisation_meetings(user=request.user, organisation=organisation)
    return render(request, "people/organisation_detail.html", {
        "organisation": organisation,
        "page": paginate(request, meetings, MEETINGS_PER_PAGE),
        "people": selectors.organisation_people(user=request.user, organisation=organisation),
    })
