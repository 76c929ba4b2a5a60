"""
The interface strings, extracted by Babel (``make messages``): Jinja2's own extractor for
the public templates, Babel's for Python, and ``extract_django`` for the admin's Django
templates, which Django's ``templatize`` turns into the Python that ``makemessages`` would
hand to xgettext. Where each applies: ``[tool.babel]`` in pyproject.toml.

    python -m forum.core.catalogues        # make messages: extract, then update each
"""

import io
import os
import tempfile
from pathlib import Path

import django
from babel.messages.extract import extract_python
from babel.messages.frontend import CommandLineInterface
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
# Django's translation functions, beside those Babel knows (gettext, ngettext, pgettext, _).
KEYWORDS = [
    "gettext_lazy", "gettext_noop", "ngettext_lazy:1,2", "pgettext_lazy:1c,2",
    "npgettext_lazy:1c,2,3",
]  # fmt: skip


def extract_django(fileobj, keywords, comment_tags, options):
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    # Django's templatize keeps a tag's indentation, which xgettext ignores and Python's
    # tokenizer does not (an attribute on an indented line of a multi-line tag): each line
    # starts at the margin, keeping its number.
    python = "\n".join(line.lstrip() for line in templatize(source).splitlines())
    python = io.BytesIO(python.encode("utf-8"))
    yield from extract_python(python, keywords, comment_tags, {"encoding": "utf-8"})


def extract(output):
    """Write the template catalogue (.pot) of the whole project to ``output``."""
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            f"--mapping-file={ROOT / 'pyproject.toml'}",
            *(f"--keyword={keyword}" for keyword in KEYWORDS),
            "--no-location",
            "--sort-output",
            "--ignore-dirs=.* _* tests node_modules staticfiles",
            f"--output-file={output}",
            str(ROOT),
        ]
    )


def update(template, languages):
    """Bring each language's catalogue up to the template, creating a missing one."""
    for language in languages:
        CommandLineInterface().run(
            [
                "pybabel",
                "--quiet",
                "update",
                "--domain=django",
                f"--input-file={template}",
                f"--output-dir={ROOT / 'locale'}",
                f"--locale={language}",
                "--init-missing",
                "--ignore-obsolete",
                "--no-fuzzy-matching",
                "--ignore-pot-creation-date",
            ]
        )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.project.settings")
    django.setup()
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "django.pot"
        extract(template)
        update(template, [code for code, _name in settings.LANGUAGES])
