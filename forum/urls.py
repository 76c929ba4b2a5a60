from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from forum import views

forum_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("sessions/", views.SessionListView.as_view(), name="sessions"),
    path("sessions/<int:number>/", views.SessionDetailView.as_view(), name="session"),
    path("committee/", views.CommitteeView.as_view(), name="committee"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    *i18n_patterns(
        path("", include((forum_patterns, "forum"))),
    ),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
