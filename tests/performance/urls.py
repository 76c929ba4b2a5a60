from django.urls import path

from forum.project.urls import urlpatterns as site_patterns
from tests.performance.baseline import PATH, baseline

urlpatterns = [*site_patterns, path(PATH.lstrip("/"), baseline)]
