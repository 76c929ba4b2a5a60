"""Production settings: check --deploy is clean and the security headers are on real responses."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management.utils import get_random_secret_key

pytestmark = pytest.mark.django_db
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": get_random_secret_key(),
    "ALLOWED_HOSTS": "bakusecurityforum.example",
    "SECURE_SSL_REDIRECT": "true",
}


def manage(*args, **environ):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k != "DJANGO_ALLOW_ASYNC_UNSAFE"  # set for browser tests
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**env, **PRODUCTION, **environ},
        capture_output=True,
        text=True,
    )


def test_a_secret_key_starting_with_a_dollar_is_taken_as_it_is():
    # django-environ reads "$name" as another variable's value: a random key can start so.
    result = manage("check", SECRET_KEY="$" + get_random_secret_key())
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("path", ["/en/", "/ru/documents/", "/az/sessions/", "/robots.txt"])
def test_security_headers_on_public_pages(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_headers(response)


def test_security_headers_on_the_admin(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_headers(response)


def assert_headers(response):
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if " " in d.strip())
    assert "'self'" in directives["script-src"]
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_https_only_with_hsts_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    insecure = client.get("/en/")
    assert insecure.status_code == 301
    assert insecure["Location"] == "https://testserver/en/"
    secure = client.get("/en/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in secure["Strict-Transport-Security"]


def test_cookies_are_secure_in_production():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS)",
    )
    assert result.stdout.split()[-4:] == ["True", "True", "True", "31536000"], result.stderr


def test_admin_address_is_configurable():
    result = manage(
        "shell",
        "-c",
        "from django.urls import reverse; print(reverse('admin:index'))",
        ADMIN_URL="office-7f3a/",
    )
    assert result.stdout.strip().endswith("/office-7f3a/"), result.stderr


def test_no_template_marks_user_input_safe():
    templates = list((settings.BASE_DIR / "templates").rglob("*.html"))
    assert templates
    for template in templates:
        text = template.read_text()
        assert "|safe" not in text and "autoescape off" not in text, template


@pytest.mark.slow
def test_static_files_collect_for_production(tmp_path):
    result = manage("collectstatic", "--no-input", "--verbosity", "0", STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "forum/css/site.css" in manifest
    assert "xstatic/jquery-ui/jquery-ui.min.js" in manifest
