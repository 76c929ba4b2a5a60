"""The relevance test set (tests/search/): well formed, and the search keeps its floors."""

import pytest

from documents.models import Document
from tests.search import corpus, scoring
from tests.search.floors import FLOORS
from tests.search.queries import KINDS, LANGUAGES, QUERIES


def test_every_query_is_judged_against_documents_of_the_corpus():
    known = set(corpus.slugs())
    assert len(known) == len(corpus.slugs()), "a slug twice in the corpus"
    for query in QUERIES:
        assert query.language in LANGUAGES and query.kind in KINDS, query
        assert 0 < len(set(query.relevant)) == len(query.relevant) <= scoring.PAGE, query
        assert set(query.relevant) <= known, (query.text, set(query.relevant) - known)


def test_the_set_covers_every_language_and_kind():
    assert len(QUERIES) >= 60
    for language in LANGUAGES:
        queries = [query for query in QUERIES if query.language == language]
        assert len(queries) >= 20, language
        assert {query.kind for query in queries} == set(KINDS), language
    assert len({(query.text, query.language) for query in QUERIES}) == len(QUERIES)


def test_every_figure_has_a_floor():
    assert set(FLOORS) == set(scoring.groups())


@pytest.mark.django_db
def test_search_relevance_keeps_its_floors(client):
    assert corpus.load() == len(corpus.slugs())
    # What is not in the seed is sample: every document the corpus adds to the demo's.
    added = Document.objects.exclude(slug__in=corpus.demo_slugs())
    assert not added.filter(is_sample=False).exists()

    results = scoring.run(client)
    figures = scoring.figures(results)
    below = scoring.shortfalls(figures, FLOORS)
    assert not below, "\n".join(
        ["Below the floors of tests/search/floors.py:", *below, "", scoring.table(figures, FLOORS)]
    )
