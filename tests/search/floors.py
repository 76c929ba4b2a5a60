"""
The relevance figures the search must keep ({(axis, value): (P@5, R@20)}), checked by
tests/search/test_relevance.py and `make search-eval`: each what the search reached when
it was last raised, rounded down to 0.05. Raise them as the search improves;
`make search-eval` prints the floors a run supports, ready to paste here.
"""

FLOORS = {
    ("language", "az"): (0.90, 0.95),
    ("language", "en"): (0.85, 0.90),
    ("language", "ru"): (0.90, 0.95),
    ("kind", "word"): (0.90, 1.00),
    ("kind", "form"): (0.85, 0.90),
    ("kind", "name"): (0.90, 0.95),
    ("kind", "symbol"): (1.00, 1.00),
    ("kind", "typo"): (0.75, 0.85),
    ("kind", "phrase"): (1.00, 1.00),
    ("kind", "mixed"): (0.95, 0.95),
    ("all", "all"): (0.90, 0.95),
}
