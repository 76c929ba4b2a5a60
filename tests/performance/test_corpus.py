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

    corpus.build(120, batch=100, progress=lambda message: None)
    assert corpus.existing_documents() == 120
    assert Session.objects.filter(number__gte=corpus.FIRST_SESSION).count() == corpus.SESSIONS
    assert Document.objects.filter(pk=mine.pk).exists()
