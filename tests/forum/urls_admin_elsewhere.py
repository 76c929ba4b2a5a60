"""The site's URLconf with the admin at another address, as ADMIN_URL puts it
(tests/documents/test_feeds_and_sitemaps.py): forum.project.urls reads it at import."""

from django.contrib import admin
from django.urls import path

from forum.project import urls

ADMIN_URL = "office-7f3a/"

urlpatterns = [
    path(ADMIN_URL, admin.site.urls),
    *(pattern for pattern in urls.urlpatterns if getattr(pattern, "app_name", None) != "admin"),
]
