"""Languages come from settings only: with a fourth one in LANGUAGES, every per-language
list of the code follows (admin search, the missing-language filter, the search vector,
the list's columns, the translation report), with no other line changed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json
import django
django.setup()
from django.contrib import admin
from documents.models import LISTING_COLUMNS, Document
from forum.core.admin import MissingLanguageFilter
from forum.core.i18n import LANGUAGE_CODES
vector = str(Document._meta.get_field("search_vector").expression)
print(json.dumps({
    "search_fields": {
        m._meta.label: list(a.search_fields) for m, a in admin.site._registry.items()
        if any(f.endswith("_en") for f in a.search_fields)
    },
    "filter": [code for code, _ in MissingLanguageFilter.lookups(None, None, None)],
    "vector": vector,
    "listing": LISTING_COLUMNS,
    "report": LANGUAGE_CODES,
}))
"""


@pytest.mark.slow
def test_a_fourth_language_reaches_every_per_language_list():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.fourth_language_settings",
        # Nothing here talks to a database; the URL only keeps the embedded one asleep.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    lists = json.loads(result.stdout.strip().splitlines()[-1])
    for label, fields in lists["search_fields"].items():
        for field in fields:
            if field.endswith("_en"):
                assert field.removesuffix("_en") + "_tr" in fields, (label, field)
    assert lists["filter"] == ["az", "en", "ru", "tr"]
    assert lists["report"] == ["az", "en", "ru", "tr"]
    assert "title_tr" in lists["vector"] and "body_tr" in lists["vector"]
    assert "title_tr" in lists["listing"]
