"""
Relevance figures for the queries of queries.py: each one searched on the public document
list of its page's language, as a reader would, and scored against the documents that
must come first.

  P@5   relevant documents among the first 5 results / min(5, number relevant):
        1.0 when the first places hold relevant documents only (all of them, where
        fewer than 5 are relevant).
  R@20  relevant documents on the first page (20 results) / number relevant (at most
        20 for every query of the set).

A figure of a language, of a kind of query or of the whole set is the mean over its
queries. Shared by the test (test_relevance.py) and the report (evaluate.py).
"""

import math
from dataclasses import dataclass

from documents.views import DocumentListView
from tests.search.queries import KINDS, LANGUAGES, QUERIES, Query

TOP = 5
PAGE = DocumentListView.paginate_by  # recall reads the first page of results
OVERALL = ("all", "all")


@dataclass(frozen=True)
class Result:
    query: Query
    found: tuple[str, ...]  # slugs of the first page, in order

    def hits(self, count):
        return sum(slug in self.query.relevant for slug in self.found[:count])

    @property
    def precision(self):
        return self.hits(TOP) / min(TOP, len(self.query.relevant))

    @property
    def recall(self):
        return self.hits(PAGE) / len(self.query.relevant)

    @property
    def perfect(self):
        return self.precision == 1 and self.recall == 1


def search(client, query):
    """The slugs of the first page of results for ``query``, in order."""
    response = client.get(f"/{query.language}/documents/", {"q": query.text})
    if response.status_code != 200:
        raise AssertionError(f"{query.text!r} on /{query.language}/: {response.status_code}")
    # The view's own context (a TemplateResponse keeps it), as response.context holds
    # only where the tests' hook on the Jinja2 templates is in place.
    return tuple(document.slug for document in response.context_data["documents"])


def run(client, queries=QUERIES, progress=None):
    """A Result for each query; ``progress(number, total, result)`` after each."""
    results = []
    for number, query in enumerate(queries, 1):
        results.append(Result(query, search(client, query)))
        if progress:
            progress(number, len(queries), results[-1])
    return results


def groups():
    """The (axis, value) pairs that figures are given for, in the order of the table."""
    return [
        *(("language", code) for code in LANGUAGES),
        *(("kind", kind) for kind in KINDS),
        OVERALL,
    ]


def figures(results):
    """{(axis, value): (P@5, R@20, number of queries)}."""
    table = {}
    for key in groups():
        axis, value = key
        chosen = [r for r in results if key == OVERALL or getattr(r.query, axis) == value]
        count = len(chosen) or 1
        table[key] = (
            sum(r.precision for r in chosen) / count,
            sum(r.recall for r in chosen) / count,
            len(chosen),
        )
    return table


def shortfalls(figures, floors):
    """A line for each figure below its floor; none where every floor holds."""
    lines = []
    for key, (floor_p, floor_r) in floors.items():
        precision, recall, _ = figures[key]
        # A hair of tolerance: means of fractions are not exact in binary.
        if precision + 1e-9 < floor_p or recall + 1e-9 < floor_r:
            lines.append(
                f"{key[0]} {key[1]}: P@5 {precision:.2f} (floor {floor_p:.2f}), "
                f"R@20 {recall:.2f} (floor {floor_r:.2f})"
            )
    return lines


def rounded_down(figure, step=0.05):
    return math.floor(figure / step + 1e-9) * step


def supported_floors(figures):
    """The floors this run supports: FLOORS as floors.py writes it, to paste there."""
    lines = ["FLOORS = {"]
    for key in groups():
        precision, recall, _ = figures[key]
        lines.append(f"    {key!r}: ({rounded_down(precision):.2f}, {rounded_down(recall):.2f}),")
    lines.append("}")
    return "\n".join(lines)


def table(figures, floors=None):
    """The figures as a table, with their floors where given."""
    floors = floors or {}
    lines = [f"{'':18}{'queries':>8}{'P@5':>7}{'R@20':>7}   floors (P@5, R@20)"]
    for key in groups():
        precision, recall, count = figures[key]
        floor = floors.get(key)
        shown = f"   {floor[0]:.2f}, {floor[1]:.2f}" if floor else ""
        if key == OVERALL:
            lines.append("-" * len(lines[0]))
        lines.append(f"{key[0] + ' ' + key[1]:18}{count:>8}{precision:>7.2f}{recall:>7.2f}{shown}")
    return "\n".join(lines)


def line(result):
    query = result.query
    return (
        f"{query.language} {query.kind:7}P@5 {result.precision:.2f}  R@20 {result.recall:.2f}"
        f"  {query.text}"
    )


def misses(results):
    """The queries short of 1.0 on either figure: what came first (the relevant starred)
    and which relevant documents the first page lacks."""
    lines = []
    for result in results:
        if result.perfect:
            continue
        relevant = result.query.relevant
        lines.append(line(result))
        first = [f"*{slug}" if slug in relevant else slug for slug in result.found[:TOP]]
        lines.append(f"    first {TOP}: {', '.join(first) or '(nothing found)'}")
        missing = [slug for slug in relevant if slug not in result.found[:PAGE]]
        if missing:
            lines.append(f"    not on the first page: {', '.join(missing)}")
    return "\n".join(lines)
