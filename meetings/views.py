"""Public pages: home, meetings, items, the resolutions register, search, robots.txt.

Views stay thin: the selectors (meetings/selectors.py, meetings/search.py) do every read, starting
from `visible_to(request.user)`, and the views only paginate and pick a template.
"""
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from people.models import Organisation, Person

from . import selectors
from .models import AgendaItem, Meeting
from .report_search import search_reports
from .search import ORDER_BEST, ORDERS, search_page

MEETINGS_PER_PAGE = 25
RESOLUTIONS_PER_PAGE = 50
RESULTS_PER_PAGE = 20
NAMES_PER_PAGE = 50
ORGANISATION_MEETINGS_PER_PAGE = 25
PERSON_MEETINGS_PER_PAGE = 50


class CountedPaginator(Paginator):
    """A Paginator told its count (a figure kept per archive version: meetings/figures.py), so it never
    counts the list itself; without one it counts as Django's does.

    With `from_either_end`, for a queryset whose order is total, a page in the second half is read in
    the reversed order from the end and turned round: OFFSET costs every row it skips (the register's
    last page skipped 76,000 resolutions, 135 ms on PostgreSQL at 10,000 meetings; reversed, 1 ms), so
    the dearest page is now the middle one.
    """

    def __init__(self, object_list, per_page, *, count: int | None = None, from_either_end: bool = False,
                 **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.from_either_end = from_either_end
        if count is not None:
            self.count = count  # replaces the cached_property's value before anything reads it

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if not self.from_either_end or bottom <= self.count // 2:
            return super().page(number)
        rows = list(self.object_list.reverse()[self.count - top:self.count - bottom])
        rows.reverse()
        return self._get_page(rows, number, self)


def paginate(request, queryset, per_page: int, *, count: int | None = None, from_either_end: bool = False):
    """The requested page of `queryset` (of `count` rows, when the caller knows it; read from the end
    when past the middle, if `from_either_end`: see CountedPaginator); out-of-range or malformed page
    numbers give a 404."""
    paginator = CountedPaginator(queryset, per_page, count=count, from_either_end=from_either_end,
                                 allow_empty_first_page=True)
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
    groups = selectors.group_attendance(attendance)
    items = list(selectors.with_reports(selectors.meeting_items(user=request.user, meeting=meeting), user=request.user))
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting,
        "items": items,
        "contents": selectors.meeting_contents(user=request.user, meeting=meeting, items=items),
        "attendance": groups,
        "attendance_counts": selectors.attendance_counts(groups),
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
    # Unfiltered, the register is every resolution the user may see: a count kept per archive version.
    # Any filter (or a filter form in error, which still filters by its valid fields) counts live.
    unfiltered = filterset.form.is_valid() and not filters_in_force(filterset)
    count = selectors.resolution_count(user=request.user) if unfiltered else None
    page = paginate(request, filterset.qs.values_list("pk", flat=True), RESOLUTIONS_PER_PAGE, count=count,
                    from_either_end=True)  # resolution_filterset's order is total
    page.object_list = selectors.rows_in_order(filterset.qs, page.object_list)
    return render(request, "meetings/resolution_list.html", {
        "filterset": filterset, "page": page, "filtered": filters_in_force(filterset),
    })


@require_safe
def search(request):
    """One query per page: no total is counted (see meetings/search.py), only whether there is more."""
    query = request.GET.get("q", "").strip()[:200]
    order = request.GET.get("order", ORDER_BEST)
    if order not in ORDERS:
        order = ORDER_BEST
    try:
        number = int(request.GET.get("page") or 1)
        page = search_page(user=request.user, query=query, number=number, page_size=RESULTS_PER_PAGE, order=order)
    except ValueError as error:  # not a number, or past the last page
        raise Http404("No such page") from error
    return render(request, "meetings/search.html", {
        "query": query, "page": page, "results": page.results, "order": order, "orders": ORDERS,
        "feed_href": f"{reverse('search_feed')}?{urlencode({'q': query})}" if query else "",
        # Matches inside the reports the user may see (meetings/report_search.py), on the first page only.
        "report_hits": search_reports(user=request.user, query=query) if page.number == 1 else [],
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
        target = selectors.merged_slug_target(user=request.user, model=Person, slug=slug)
        if target:  # merged into another record: the old address leads there for good
            return redirect("person_detail", slug=target, permanent=True)
        raise Http404("No such person") from None
    # The figures come from aggregate queries; the meetings themselves a page at a time (issue 12).
    page = paginate(request, selectors.person_attendance(user=request.user, person=person), PERSON_MEETINGS_PER_PAGE)
    return render(request, "people/person_detail.html", {
        "person": person, "summary": selectors.person_summary(user=request.user, person=person),
        "page": page, "by_year": selectors.by_year(page.object_list),
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
        target = selectors.merged_slug_target(user=request.user, model=Organisation, slug=slug)
        if target:
            return redirect("organisation_detail", slug=target, permanent=True)
        raise Http404("No such organisation") from None
    meetings = selectors.organisation_meetings(user=request.user, organisation=organisation)
    return render(request, "people/organisation_detail.html", {
        "organisation": organisation,
        "page": paginate(request, meetings, ORGANISATION_MEETINGS_PER_PAGE),
        "people": selectors.organisation_people(user=request.user, organisation=organisation),
    })


@require_safe
def site_map(request):
    """/sitemap/: every section of the site, and everyone and every organisation A–Z, for people.

    (/sitemap.xml is for search engines.) Built from the same selectors as the lists, so it names
    no one the reader may not know of.
    """
    people = selectors.person_list(user=request.user).only("pk", "name", "honorific", "slug", "sort_name")
    return render(request, "pages/sitemap.html", {
        "years": selectors.meeting_years(user=request.user),
        "people_by_letter": selectors.by_initial(people, key=lambda person: person.sort_name),
        "organisations": selectors.organisation_list(user=request.user).only("pk", "name", "slug"),
    })


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page says: the static file.

    A temporary redirect, since the static file's (hashed) address changes when it is rebuilt.
    """
    return redirect(static("favicon.ico"))
