"""The project's settings, plus the benchmark's baseline page (tests/performance/urls.py)."""

from pathlib import Path

from forum.project.settings import *  # noqa: F403
from forum.project.settings import MIDDLEWARE, TEMPLATES

ROOT_URLCONF = "tests.performance.urls"
# The baseline's template lives with the tooling, not among the site's.
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]},
    *TEMPLATES[1:],
]

# The same middleware, but a page cache that leaves the baseline alone: it stays the
# cheapest page Django renders, measured the same way in the uncached and cached runs.
MIDDLEWARE = [
    "tests.performance.baseline.PageCacheExceptBaseline"
    if name == "forum.core.cache.PublicPageCacheMiddleware"
    else name
    for name in MIDDLEWARE
]

# The benchmark and the load test measure what pages cost from one address: the throttle
# of expensive requests (forum/core/throttle.py) would answer most of them with a 429.
THROTTLE_RATE = None  # no limit, and no counting either
SUGGESTIONS_THROTTLE_RATE = None
API_THROTTLE_RATE = None  # the open-data API's rate limit (forum/core/api.py) likewise
