import os
import socket

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache, caches
from django.core.management import call_command
from django.template.backends import jinja2 as jinja2_backend
from django.test import Client
from django.test.signals import template_rendered
from django.utils import translation

from forum import templating as forum_templating
from forum.core import cache as forum_cache

# `make cluster-test` runs these on servers of their own (tests/cluster/__init__.py).
collect_ignore = ["cluster"]


@pytest.fixture(autouse=True, scope="session")
def _jinja2_templates_seen_by_the_test_client():
    """Django's test client learns what a page rendered from a signal that only its own
    template engine sends: the public pages' Jinja2 templates send it too in tests, so
    that ``response.context`` holds what the view passed."""
    render = jinja2_backend.Template.render

    def render_and_tell(self, context=None, request=None):
        context = {} if context is None else context
        template_rendered.send(sender=self, template=self, context=context)
        return render(self, context, request)

    jinja2_backend.Template.render = render_and_tell
    yield
    jinja2_backend.Template.render = render


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Production hashes static files at collectstatic time; tests don't collect them."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _english_by_default():
    """Requests activate their language in the thread; each test starts from English."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Transactional tests start the content version from 1 again: no page may survive,
    nor what a process keeps itself while the cache is away."""
    cache.clear()
    forum_cache._kept_here[:] = [None, 0.0]
    forum_templating._kept_here.clear()
    yield
    cache.clear()


@pytest.fixture
def steady_content_version(settings):
    """The content version read once for the whole test: it is read again after
    VERSION_STALENESS seconds, which a test counting queries over several pages may
    outlast on a busy machine, counting that read against whichever page it hit."""
    settings.VERSION_STALENESS = 3600


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """A transactional test empties and refills the database, content types included:
    ids cached by an earlier test would point at rows that are gone."""
    ContentType.objects.clear_cache()


@pytest.fixture
def demo(db):
    """The demo content, as `make run` loads it."""
    call_command("load_demo")


@pytest.fixture
def login(django_user_model):
    """login("Editor"): a client logged in as a new staff member in that role's group."""

    def login(role):
        count = django_user_model.objects.count()
        user = django_user_model.objects.create_user(
            f"{role.lower()}-{count}", password="pw", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return login


def redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


# The Redis database the tests empty at will: 15, or another for a second suite run at the
# same time on this machine (.ci/run runs two).
REDIS_TEST_DATABASE = int(os.environ.get("REDIS_TEST_DATABASE", "15"))


@pytest.fixture
def redis_cache(settings):
    """The default cache in a Redis database of the tests' own (skipped without Redis)."""
    if not redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:6379/{REDIS_TEST_DATABASE}",
            "KEY_PREFIX": "bsf-test",
        }
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()
