import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation


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
    """Transactional tests start the content version from 1 again: no page may survive."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """A transactional test empties and refills the database, content types included:
    ids cached by an earlier test would point at rows that are gone."""
    ContentType.objects.clear_cache()


@pytest.fixture
def demo(db):
    """The demo content, as `make run` loads it."""
    call_command("load_demo")
