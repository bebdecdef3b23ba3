"""Public URLs of the meetings app: pages, feeds, sitemap and robots.txt (see README, "Pages")."""
from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.generic import TemplateView

from . import feeds, follow_feeds, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    # A year is never a meeting's slug (those are dates), so /meetings/2020/ can list a year.
    path("meetings/<int:year>/", views.meeting_list, name="meeting_year"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
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
    path("feeds/meetings.ics", feeds.meetings_ics, name="feed_ics"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("sitemap/", views.site_map, name="site_map"),  # the same for people (issue 13)
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accessibility/", TemplateView.as_view(template_name="pages/accessibility.html"), name="accessibility"),
]
