"""Public URLs of the meetings app: pages, feeds, sitemap and robots.txt (see README, "Pages")."""
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.generic import TemplateView

from . import calendars, feeds, follow_feeds, sitemaps, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    # A year is never a meeting's slug (those are dates), so /meetings/2020/ can list a year.
    path("meetings/<int:year>/", views.meeting_list, name="meeting_year"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<slug:slug>/calendar.ics", calendars.meeting_ics, name="meeting_ics"),
    path("meetings/<slug:slug>/items/<int:position>/", views.item_detail, name="item_detail"),
    path("resolutions/", views.resolution_list, name="resolution_list"),
    path("search/", views.search, name="search"),
    path("people/", views.person_list, name="person_list"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    # Follow one thing (issue 13): a person, an organisation, a search.
    path("people/<slug:slug>/feed.atom", follow_feeds.PersonAtomFeed(), name="person_feed"),
    path("organisations/<slug:slug>/feed.atom", follow_feeds.OrganisationAtomFeed(), name="organisation_feed"),
    path("search/feed.atom", follow_feeds.SearchAtomFeed(), name="search_feed"),
    path("feeds/meetings.atom", feeds.MeetingsAtomFeed(), name="feed_atom"),
    path("feeds/meetings.ics", calendars.meetings_ics, name="feed_ics"),
    path("feeds/meetings-<int:year>.ics", calendars.meetings_year_ics, name="feed_ics_year"),
    # An index of sections, each paginated (?p=2) under the protocol's 50,000 URLs a file.
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
         name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap_section"),
    path("sitemap/", views.site_map, name="site_map"),  # the same for people (issue 13)
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accessibility/", TemplateView.as_view(template_name="pages/accessibility.html"), name="accessibility"),
]
