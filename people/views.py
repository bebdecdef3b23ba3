"""Public pages for people and organisations: who attended, for whom, and how often (counts only)."""
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

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


@require_GET
def person_list(request):
    return _name_list(request, selectors.person_list, "people/person_list.html")


@require_GET
def person_detail(request, slug: str):
    try:
        person = selectors.person_get(user=request.user, slug=slug)
    except Person.DoesNotExist:
        raise Http404("No such person")
    rows = selectors.person_attendance(user=request.user, person=person)
    return render(request, "people/person_detail.html", {
        "person": person, "summary": selectors.person_summary(rows),
    })


@require_GET
def organisation_list(request):
    return _name_list(request, selectors.organisation_list, "people/organisation_list.html")


@require_GET
def organisation_detail(request, slug: str):
    try:
        organisation = selectors.organisation_get(user=request.user, slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation")
    meetings = selectors.organisation_meetings(user=request.user, organisation=organisation)
    return render(request, "people/organisation_detail.html", {
        "organisation": organisation,
        "page": paginate(request, meetings, MEETINGS_PER_PAGE),
        "people": selectors.organisation_people(user=request.user, organisation=organisation),
    })
