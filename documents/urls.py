from django.urls import path, register_converter

from documents import citations, news, opendata, views
from documents.feeds import DocumentFeed

app_name = "documents"
register_converter(citations.FormatConverter, "citation_format")

urlpatterns = [
    path("documents/", views.DocumentListView.as_view(), name="list"),
    # Not under documents/<slug>/: no document can be given this address.
    path("documents/suggestions.json", views.SuggestionsView.as_view(), name="suggestions"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="detail"),
    path(
        "documents/<slug:slug>/initiatives/<int:number>/",
        views.InitiativeDetailView.as_view(),
        name="initiative",
    ),
    path(
        "documents/<slug:slug>/files/<int:pk>/<str:filename>",
        views.AttachmentView.as_view(),
        name="attachment",
    ),
    path(
        "documents/<slug:slug>/cite.<citation_format:format>",
        views.CitationView.as_view(),
        name="cite",
    ),
    path("feeds/documents/", DocumentFeed(), name="feed"),
    path("news/", news.NewsListView.as_view(), name="news"),
    path("news/<slug:slug>/", news.NewsDetailView.as_view(), name="news-item"),
    path("feeds/news/", news.NewsFeed(), name="news-feed"),
    # The open data: what it is, its licence, and the bulk downloads (documents/opendata.py).
    path("data/", opendata.DataView.as_view(), name="data"),
]
