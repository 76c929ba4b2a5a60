"""
The corpus the relevance queries run over: the demo content (the seed address and the
records of the documents the reports name), then the documents of corpus.toml, every
one of them sample, created and published through the workflow's door as the demo
loader does. Idempotent, like the demo: a document is found by its slug.
"""

import html
import io
import tomllib
from datetime import datetime, time
from functools import cache
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from documents.demo import content as demo_documents
from documents.models import Document
from forum import demo as forum_demo
from forum.core import workflow
from forum.core.content import Status
from forum.core.i18n import LANGUAGE_CODES
from forum.models import Organisation, Person, Session

SOURCE = Path(__file__).with_name("corpus.toml")

# The issuing bodies of the sample documents, beside the demo's State Security Service.
BODIES = {
    "secretariat": {
        "name_az": "Bakı Təhlükəsizlik Forumunun Katibliyi",
        "name_en": "Secretariat of the Baku Security Forum",
        "name_ru": "Секретариат Бакинского форума безопасности",
        "country": "AZ",
    },
    "committee": {
        "name_az": forum_demo.COMMITTEE["name_az"],
        "name_en": forum_demo.COMMITTEE["name_en"],
        "name_ru": forum_demo.COMMITTEE["name_ru"],
        "country": "AZ",
    },
}


@cache
def records():
    """The documents of corpus.toml, as written there."""
    with SOURCE.open("rb") as source:
        return tuple(tomllib.load(source)["document"])


def demo_slugs():
    return [values["slug"] for values in demo_documents.documents(None, None)]


def slugs():
    """Every document of the corpus, the demo's first."""
    return [*demo_slugs(), *(record["slug"] for record in records())]


def authors():
    """{author key of corpus.toml: Person or Organisation}, created where missing."""
    found = {
        "president": Person.objects.get(name_en="Ilham Aliyev"),
        "naghiyev": Person.objects.get(name_en="Ali Naghiyev"),
        "sss": Organisation.objects.get(name_en=forum_demo.SSS["name_en"]),
    }
    for key, values in BODIES.items():
        found[key], _ = Organisation.objects.get_or_create(
            name_en=values["name_en"], defaults=values
        )
    return found


def paragraphs(texts):
    return "".join(f"<p>{html.escape(text)}</p>" for text in texts)


def values(record, sessions, authors):
    """The Document fields of a record of corpus.toml, published on its date."""
    published_at = timezone.make_aware(datetime.combine(record["date"], time(12)))
    fields = {
        "kind": record["kind"],
        "symbol": record.get("symbol", ""),
        "date": record["date"],
        "session": sessions[record["session"]] if "session" in record else None,
        "original_language": record["original_language"],
        "is_sample": True,
        "status": Status.PUBLISHED,
        "published_at": published_at,
    }
    author = authors.get(record.get("author"))
    if isinstance(author, Person):
        fields["author_person"] = author
    elif author is not None:
        fields["author_organisation"] = author
    for code in LANGUAGE_CODES:
        version = record.get(code, {})
        fields[f"title_{code}"] = version.get("title")
        fields[f"summary_{code}"] = version.get("summary", "")
        fields[f"body_{code}"] = paragraphs(version.get("body", []))
    return fields


def load():
    """Create the corpus where missing; returns how many documents it holds."""
    call_command("load_demo", stdout=io.StringIO())
    sessions = {session.number: session for session in Session.objects.all()}
    found = authors()
    for record in records():
        workflow.get_or_create(
            Document, slug=record["slug"], defaults=values(record, sessions, found)
        )
    return Document.objects.published().filter(slug__in=slugs()).count()
