"""Public pages: home, meetings, items, the resolutions register, search, robots.txt.

Views stay thin: the selectors (meetings/selectors.py, meetings/search.py) do every read, starting
from `visible_to(request.user)`, and the views only paginate and pick a template.
"""
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from people.models import Organisation, Person

from . import selectors
from .models import AgendaItem, Meeting
from .search import add_snippets, search_items, uses_full_text_search

MEETINGS_PER_PAGE = 25
RESOLUTIONS_PER_PAGE = 50
RESULTS_PER_PAGE = 20
NAMES_PER_PAGE = 50
ORGANISATION_MEETINGS_PER_PAGE = 25


def paginate(request, queryset, per_page: int):
    """The requested page of `queryset`; out-of-range or malformed page numbers give a 404."""
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    page_number = request.GET.get("page") or 1
    try:
        return paginator.page(page_number)
    except InvalidPage as error:  # not a number, or past the last page
        raise Http404("No such page") from error


def filters_in_force(filterset) -> bool:
    data = filterset.form.cleaned_data if filterset.form.is_valid() else {}
    return any(value not in (None, "", []) for value in data.values())


@require_safe
def home(request):
    return render(request, "meetings/home.html", {
        "figures": selectors.archive_figures(user=request.user),
        "latest": selectors.latest_meetings(user=request.user, limit=5),
        "next_meeting": selectors.next_meeting(user=request.user),
        "today": timezone.localdate(),
    })


@require_safe
def meeting_list(request, year: int | None = None):
    """All meetings, or one year's (`/meetings/2020/`), narrowed by the filters in the query string."""
    filters = request.GET.copy()
    if year is not None:
        filters["year"] = str(year)
    years = selectors.meeting_years(user=request.user)
    if year is not None and year not in {y for y, _ in years}:
        raise Http404("No meetings that year")
    filterset = selectors.meeting_filterset(user=request.user, filters=filters)
    page = paginate(request, filterset.qs.values_list("pk", flat=True), MEETINGS_PER_PAGE)
    page.object_list = selectors.rows_in_order(filterset.qs, page.object_list)
    return render(request, "meetings/meeting_list.html", {
        "filterset": filterset, "page": page, "years": years, "year": year,
        "filtered": filters_in_force(filterset),
    })


@require_safe
def meeting_detail(request, slug: str):
    try:
        meeting = selectors.meeting_detail(user=request.user, slug=slug)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None
    attendance = list(selectors.meeting_attendance(user=request.user, meeting=meeting))
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting,
        "items": selectors.meeting_items(user=request.user, meeting=meeting),
        "attendance": selectors.group_attendance(attendance),
        "n_attendance": len(attendance),
        "declarations": selectors.meeting_declarations(user=request.user, meeting=meeting),
    })


@require_safe
def item_detail(request, slug: str, position: int):
    try:
        item = selectors.item_detail(user=request.user, slug=slug, position=position)
    except AgendaItem.DoesNotExist:
        raise Http404("No such item") from None
    return render(request, "meetings/item_detail.html", {
        "item": item, "meeting": item.meeting,
        "permalink": request.build_absolute_uri(item.get_absolute_url()),
    })


@require_safe
def resolution_list(request):
    filterset = selectors.resolution_filterset(user=request.user, filters=request.GET, newest_first=True)
    page = paginate(request, filterset.qs.values_list("pk", flat=True), RESOLUTIONS_PER_PAGE)
    page.object_list = selectors.rows_in_order(filterset.qs, page.object_list)
    return render(request, "meetings/resolution_list.html", {
        "filterset": filterset, "page": page, "filtered": filters_in_force(filterset),
    })


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    page = paginate(request, search_items(user=request.user, query=query), RESULTS_PER_PAGE)
    return render(request, "meetings/search.html", {
        "query": query, "page": page, "results": add_snippets(page.object_list, query=query),
        "full_text": uses_full_text_search(),
    })


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        # Search results and filtered lists are endless combinations of pages already in the sitemap.
        "Disallow: /search/",
        "Disallow: /downloads/",
        "Allow: /",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# --- People and organisations: who attended, for whom, and how often (counts only) ---------------


def _name_list(request, selector, counts, template: str):
    """An A–Z list narrowed by `?q=` (part of a name or alias), a page at a time, the page's rows
    then given their figures by `counts` (one query, never a count over the whole list)."""
    query = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selector(user=request.user, query=query), NAMES_PER_PAGE)
    page.object_list = counts(request.user, page.object_list)
    return render(request, template, {"page": page, "query": query})


@require_safe
def person_list(request):
    return _name_list(request, selectors.person_list,
                      lambda user, rows: selectors.person_counts(user=user, people=rows), "people/person_list.html")


@require_safe
def person_detail(request, slug: str):
    try:
        person = selectors.person_detail(user=request.user, slug=slug)
    except Person.DoesNotExist:
        raise Http404("No such person") from None
    rows = selectors.person_attendance(user=request.user, person=person)
    return render(request, "people/person_detail.html", {
        "person": person, "summary": selectors.person_summary(rows),
    })


@require_safe
def organisation_list(request):
    return _name_list(request, selectors.organisation_list,
                      lambda user, rows: selectors.organisation_counts(user=user, organisations=rows),
                      "people/organisation_list.html")


@require_safe
def organisation_detail(request, slug: str):
    try:
        organisation = selectors.organisation_detail(user=request.user, slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation") from None
    meetings = selectors.organisation_meetings(user=request.user, organisation=organisation)
    return render(request, "people/organisation_detail.html", {
        "organisation": organisation,
        "page": paginate(request, meetings, ORGANISATION_MEETINGS_PER_PAGE),
        "people": selectors.organisation_people(user=request.user, organisation=organisation),
    })
