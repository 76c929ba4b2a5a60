"""A URLconf that puts the Forum's pages elsewhere (tests/forum/test_reversing.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from forum import views

forum_patterns = [path("sessions/", views.SessionListView.as_view(), name="sessions")]

urlpatterns = i18n_patterns(path("elsewhere/", include((forum_patterns, "forum"))))
