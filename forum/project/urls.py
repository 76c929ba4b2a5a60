from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import TemplateView

from documents import opendata, permalinks
from documents import views as document_views
from documents.sitemaps import DocumentSitemap, InitiativeSitemap
from forum import calendars, views
from forum.core import outage
from forum.core.sitemaps import SitemapIndexView, SitemapSectionView
from forum.sitemaps import PageSitemap, PagesSitemap, SessionSitemap

sitemaps = {
    "pages": PagesSitemap,
    "sessions": SessionSitemap,
    "institutional": PageSitemap,
    "documents": DocumentSitemap,
    "initiatives": InitiativeSitemap,
}

# The Forum's pages; the home and session pages come with their documents.
forum_patterns = [
    path("", document_views.HomeView.as_view(), name="home"),
    path("sessions/", views.SessionListView.as_view(), name="sessions"),
    path("sessions/participation/", views.ParticipationView.as_view(), name="participation"),
    path(
        "sessions/calendar.ics",
        calendars.SessionsCalendarView.as_view(),
        name="sessions-calendar",
    ),
    path("sessions/<int:number>/", document_views.SessionDetailView.as_view(), name="session"),
    path(
        "sessions/<int:number>/calendar.ics",
        calendars.SessionCalendarView.as_view(),
        name="session-calendar",
    ),
    path(
        "sessions/<int:number>/photos/<int:pk>/<str:filename>",
        views.PhotoView.as_view(),
        name="photo",
    ),
    path("committee/", views.CommitteeView.as_view(), name="committee"),
    path("pages/<slug:slug>/", views.PageView.as_view(), name="page"),
]

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path(
        "sitemap.xml",
        SitemapIndexView.as_view(sitemaps=sitemaps, section_url_name="sitemap-section"),
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        SitemapSectionView.as_view(sitemaps=sitemaps),
        name="sitemap-section",
    ),
    path("favicon.ico", lambda request: redirect(static_url("forum/favicon.svg"), permanent=True)),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    # A document cited by its symbol (/s/BSF/3/DECL, /s/BSF/3/DECL/ru), in the reader's
    # language: the address other sites and citations keep.
    path("s/<path:symbol>", permalinks.PermalinkView.as_view(), name="permalink"),
    # The whole public catalogue, one file for every language (documents/opendata.py).
    path("data/<str:filename>", opendata.DataFileView.as_view(), name="data-file"),
    # The open-data API, read-only, versioned (forum/project/api.py).
    path("api/", include("forum.project.api")),
    *i18n_patterns(
        path("", include((forum_patterns, "forum"))),
        path("", include("documents.urls")),
    ),
]

# Any exception no view or middleware answered: a 503 where the database is out of reach,
# else the 500 page (forum/core/outage.py).
handler500 = outage.server_error
