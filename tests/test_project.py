"""Structure and settings of the project as a whole."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.utils import get_random_secret_key

pytestmark = pytest.mark.django_db


def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def run_settings(**environ):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "forum.project.settings"},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("key", ["", "short", "x" * 60, "django-insecure-" + "xyzuvw" * 10])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    # Set in the environment, these win over a local .env.
    result = run_settings(SECRET_KEY=key, DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be a random value" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = run_settings(SECRET_KEY=get_random_secret_key(), DEBUG="false")
    assert result.returncode == 0, result.stderr


def test_languages():
    assert [code for code, _name in settings.LANGUAGES] == ["az", "en", "ru"]
    assert settings.LANGUAGE_CODE == "en"
