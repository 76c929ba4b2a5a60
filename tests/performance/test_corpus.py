import pytest

from documents.models import Document, Initiative, Kind
from forum.core.content import Status
from forum.models import Session
from tests.documents.factories import DocumentFactory
from tests.performance import corpus

pytestmark = pytest.mark.django_db


def bench_documents():
    return Document.objects.filter(slug__startswith=corpus.PREFIX)


def test_the_corpus_is_built_and_built_again_without_touching_other_content():
    mine = DocumentFactory(slug="not-bench")
    corpus.build(300, batch=100, progress=lambda message: None)
    assert bench_documents().count() == 300
    assert set(bench_documents().values_list("kind", flat=True)) == set(Kind)
    assert bench_documents().filter(status=Status.DRAFT).exists()
    assert Initiative.objects.filter(declaration__slug__startswith=corpus.PREFIX).exists()
    assert Session.objects.filter(number__gte=corpus.FIRST_SESSION).count() == corpus.SESSIONS
    assert corpus.in_place(300)

    corpus.build(120, batch=100, progress=lambda message: None)
    assert corpus.existing_documents() == 120
    assert corpus.in_place(120) and not corpus.in_place(300)
    assert Session.objects.filter(number__gte=corpus.FIRST_SESSION).count() == corpus.SESSIONS
    assert Document.objects.filter(pk=mine.pk).exists()


def test_the_corpus_holds_the_small_and_large_cases_the_bench_compares():
    corpus.build(1_000, batch=500, progress=lambda message: None)
    published = bench_documents().filter(status=Status.PUBLISHED)

    def in_session(number):
        return bench_documents().filter(session__number=number)

    assert in_session(corpus.SMALL_SESSION).count() == 20
    assert published.filter(session__number=corpus.SMALL_SESSION).count() == 20
    assert in_session(corpus.LARGE_SESSION).count() == 200  # a fifth of the archive
    others = [
        in_session(number).count()
        for number in range(corpus.FIRST_SESSION, corpus.FIRST_SESSION + corpus.SESSIONS)
        if number not in (corpus.SMALL_SESSION, corpus.LARGE_SESSION)
    ]
    # The other sessions share three fifths of the archive, the rest is in no session.
    assert 550 <= sum(others) <= 650 and min(others) > 0 and max(others) < 200
    assert published.filter(kind=corpus.RARE_KIND).count() == 20
    assert 400 <= published.filter(kind__in=corpus.LARGE_KINDS).count() <= 600
    assert 150 <= bench_documents().filter(session=None).count() <= 250
