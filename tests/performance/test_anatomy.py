"""Where a page's time goes (tests/performance/anatomy.py): each layer's own time, the
queries a template sets off counted for the database and the ORM, not the template."""

import os
import time

import pytest
from django.db import connection
from django.template import engines
from django.test import Client

from documents.models import Document
from tests.documents.factories import DocumentFactory
from tests.performance import settings as performance_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def anatomy():
    # The module sets a production environment for Django as it loads, for the command
    # line; the tests' own are already set up, and put back afterwards.
    saved = dict(os.environ)
    from tests.performance import anatomy

    yield anatomy
    os.environ.clear()
    os.environ.update(saved)


def test_a_layer_inside_another_counts_for_itself_alone(anatomy):
    clock = anatomy.Clock()
    with clock.layer("templates"):
        time.sleep(0.05)
        with clock.layer("database"):
            time.sleep(0.2)
    assert clock.spent["database"] >= 0.2
    assert 0.05 <= clock.spent["templates"] < 0.2


def test_a_page_is_split_into_its_layers(anatomy, settings):
    settings.PUBLIC_PAGE_CACHE = False
    DocumentFactory.create_batch(3)
    client = Client()
    figures = anatomy.anatomy(client, "/en/documents/", requests=3, rounds=2)
    assert set(figures) == {"total", *anatomy.LAYERS}
    # A list page asks the database, builds objects and renders a template: each took time,
    # and together they make the whole request.
    assert all(figures[layer] > 0 for layer in ("database", "ORM", "templates"))
    assert sum(figures[layer] for layer in anatomy.LAYERS) == pytest.approx(figures["total"])
    # Nothing stays patched once measured: querysets and templates are Django's again.
    from django.db.models.query import QuerySet

    assert QuerySet._fetch_all.__module__ == "django.db.models.query"
    assert not connection.execute_wrappers


def test_the_queries_a_template_sets_off_are_not_the_templates_time(anatomy):
    DocumentFactory.create_batch(2)
    template = engines["jinja2"].from_string("{% for d in documents %}{{ d.slug }} {% endfor %}")

    def slow_database(execute, sql, params, many, context):
        time.sleep(0.2)
        return execute(sql, params, many, context)

    clock = anatomy.Clock()
    with anatomy.instrumented(clock), connection.execute_wrapper(slow_database):
        # The queryset is read as the template loops over it.
        rendered = template.render({"documents": Document.objects.order_by("pk")})
    assert len(rendered.split()) == 2
    assert clock.spent["database"] >= 0.2
    assert 0 < clock.spent["ORM"] < 0.2
    assert 0 < clock.spent["templates"] < 0.2


@pytest.mark.slow  # collectstatic, as production settings need its manifest
@pytest.mark.urls("tests.performance.urls")
def test_the_command_prints_each_page_beside_the_baseline(
    anatomy, settings, capsys, monkeypatch, tmp_path
):
    monkeypatch.setenv("STATIC_ROOT", str(tmp_path))  # the command's collectstatic writes here
    settings.MIDDLEWARE = performance_settings.MIDDLEWARE
    settings.TEMPLATES = performance_settings.TEMPLATES
    settings.PUBLIC_PAGE_CACHE = False
    settings.ALLOWED_HOSTS = ["localhost"]  # as the production environment it sets
    DocumentFactory.create_batch(2)
    assert anatomy.main(["--requests", "2", "/en/", "/en/documents/"]) == 0
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    assert lines[0].split() == ["page", "ms", *anatomy.LAYERS, "share"]
    assert lines[1].startswith("/en/ ") and lines[2].startswith("/en/documents/ ")
    assert "Baseline page:" in printed
    assert (tmp_path / "staticfiles.json").exists()


def test_without_the_benchmarks_corpus_the_command_says_what_to_do(anatomy):
    with pytest.raises(SystemExit, match="run `make bench` on it first"):
        anatomy.main([])


def test_an_address_that_does_not_answer_200_stops_the_command(anatomy, settings):
    settings.PUBLIC_PAGE_CACHE = False
    with pytest.raises(SystemExit, match="/en/nowhere/ answered 404"):
        anatomy.anatomy(Client(), "/en/nowhere/", requests=1)
