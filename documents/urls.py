from django.urls import path

from documents import views
from documents.feeds import DocumentFeed

app_name = "documents"

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
    path("feeds/documents/", DocumentFeed(), name="feed"),
]
