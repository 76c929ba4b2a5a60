"""
A large, realistic corpus for the benchmark: sessions, every country taking part somewhere,
people, organisations, documents of every kind with text in az/en/ru, initiatives, and
some drafts. Words come from real texts of the project (the seed address for Russian,
the interface catalogues and README for the others), so search has realistic work to do.
Rows are written with bulk inserts; everything is marked by the slug prefix "bench-".

Beside the typical sessions and kinds, the corpus holds the small and the large cases the
benchmark compares, to show that a page costs the same whatever the archive's size: a
session of 20 documents and one of a fifth of the archive (20,000 of 100,000), a kind of
20 documents and two kinds holding half of the archive between them.
"""

import random
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django_countries.data import COUNTRIES

from documents.models import Attachment, Document, Initiative, Kind, ProgressNote
from documents.search import SEARCH_INDEX
from forum.core.cache import bump
from forum.core.content import Status
from forum.core.workflow import admit_all
from forum.models import Organisation, Participation, Person, Session

PREFIX = "bench-"
FIRST_SESSION = 101
SESSIONS = 25
# The kinds of the documents that are not agendas: press releases and statements make
# half of the archive (the large case of a filter).
KIND_WEIGHTS = {
    Kind.PRESS_RELEASE: 30,
    Kind.STATEMENT: 20,
    Kind.REPORT: 15,
    Kind.SPEECH: 10,
    Kind.ADDRESS: 10,
    Kind.COMMUNIQUE: 10,
    Kind.DECLARATION: 3,
    Kind.REGULATIONS: 2,
}
SMALL = 20  # documents of the small session and of the rare kind, all published
SMALL_SESSION = FIRST_SESSION  # the first session, with little of its record kept
LARGE_SESSION = FIRST_SESSION + SESSIONS // 2  # a fifth of the archive
LARGE_SHARE = 0.2
RARE_KIND = Kind.AGENDA  # not every session's programme was kept
LARGE_KINDS = (Kind.PRESS_RELEASE, Kind.STATEMENT)
WITHOUT_SESSION = 0.2  # documents outside any session (a share of the archive)


def _catalogue(language, field="msgstr"):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    return " ".join(re.findall(rf'^{field}(?:\[\d\])? "(.*)"$', path.read_text(), re.M))


def vocabulary():
    """Real words of each language, from texts the project holds."""
    base = Path(settings.BASE_DIR)
    texts = {
        "ru": (base / "documents/demo/address-3rd-session-ru.txt").read_text() + _catalogue("ru"),
        "az": _catalogue("az"),
        "en": (base / "README.md").read_text() + _catalogue("en", field="msgid"),
    }
    words = {}
    for language, text in texts.items():
        found = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)}
        # Placeholders and markup of the catalogues are Latin; keep the language's own words.
        words[language] = sorted(w for w in found if language == "en" or not w.isascii())
    return words


class Writer:
    def __init__(self, seed=2025):
        self.random = random.Random(seed)
        self.words = vocabulary()

    def sentence(self, language, low=6, high=16):
        picked = self.random.choices(self.words[language], k=self.random.randint(low, high))
        return " ".join(picked).capitalize() + "."

    def paragraph(self, language, sentences=4):
        return " ".join(self.sentence(language) for _ in range(sentences))

    def title(self, language):
        return self.sentence(language, 5, 11).rstrip(".")

    def body(self, language):
        paragraphs = [self.paragraph(language, self.random.randint(3, 5)) for _ in range(3)]
        return "".join(f"<p>{p}</p>" for p in paragraphs)


def existing_documents():
    return Document.objects.filter(slug__startswith=PREFIX).count()


def in_place(documents):
    """Whether the corpus in the database is this module's, of ``documents`` documents: one
    built before the small and large cases existed is not."""
    mine = Document.objects.filter(slug__startswith=PREFIX)
    sessions = dict(
        mine.filter(session__number__in=[SMALL_SESSION, LARGE_SESSION])
        .order_by()
        .values_list("session__number")
        .annotate(Count("pk"))
    )
    return (
        existing_documents() == documents
        and sessions == {SMALL_SESSION: SMALL, LARGE_SESSION: large_session_size(documents)}
        and mine.filter(kind=RARE_KIND).count() == SMALL
    )


def large_session_size(documents):
    return min(round(documents * LARGE_SHARE), documents - SMALL)


def session_plan(documents, sessions, pick):
    """The session of each document (None: none), in a shuffled order: SMALL documents for
    the small session, a fifth of the archive for the large one, and the rest shared by
    the others or outside any session."""
    by_number = {session.number: session for session in sessions}
    small, large = by_number[SMALL_SESSION], by_number[LARGE_SESSION]
    others = [s for s in sessions if s not in (small, large)]
    plan = [small] * min(SMALL, documents) + [large] * large_session_size(documents)
    # Of the rest, as many outside a session as keeps their share of the whole archive.
    outside = WITHOUT_SESSION / (1 - LARGE_SHARE)
    plan += [
        None if pick.random() < outside else pick.choice(others)
        for _ in range(documents - len(plan))
    ]
    pick.shuffle(plan)
    return plan


def kind_plan(documents, pick):
    """The kind of each document, shuffled: SMALL agendas, the rest by KIND_WEIGHTS."""
    rare = min(SMALL, documents)
    kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
    plan = [RARE_KIND] * rare + pick.choices(kinds, weights, k=documents - rare)
    pick.shuffle(plan)
    return plan


@transaction.atomic
def clear():
    """The bench's rows, deleted in SQL: through the ORM, which sends a signal for each
    deleted row, clearing 100,000 documents took minutes and gigabytes."""
    bench_documents = Document.objects.filter(slug__startswith=PREFIX)
    _delete(ProgressNote.objects.filter(initiative__declaration__in=bench_documents))
    _delete(Initiative.objects.filter(declaration__in=bench_documents))
    _delete(Attachment.objects.filter(document__in=bench_documents))
    _delete(bench_documents)
    sessions = Session.objects.filter(number__gte=FIRST_SESSION)
    # Whatever else refers to the bench's sessions (participations, notes, the counts the
    # database keeps): a delete in SQL cascades to nothing.
    for relation in Session._meta.get_fields(include_hidden=True):
        if relation.one_to_many and relation.auto_created:
            referring = relation.related_model._base_manager
            _delete(referring.filter(**{f"{relation.field.name}__in": sessions}))
    _delete(sessions)
    _delete(Person.objects.filter(name_en__startswith="Bench "))
    _delete(Organisation.objects.filter(name_en__startswith="Bench "))


def _delete(queryset):
    select, params = queryset.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({select})", params)


def build(documents=100_000, batch=2_000, progress=print):
    """Write the corpus; returns the seconds it took."""
    started = timezone.now()
    clear()
    writer = Writer()
    pick = writer.random
    codes = list(COUNTRIES)
    now = timezone.now()

    organisations = Organisation.objects.bulk_create(
        Organisation(
            name_en=f"Bench agency {n}",
            name_ru=f"Bench ведомство {n}",
            name_az=f"Bench qurum {n}",
            kind=Organisation.Kind.SECURITY_SERVICE,
            country=codes[n % len(codes)],
        )
        for n in range(300)
    )
    people = Person.objects.bulk_create(
        Person(
            name_en=f"Bench {writer.title('en')[:60]}",
            name_ru=writer.title("ru")[:80],
            name_az=writer.title("az")[:80],
            position_en=writer.title("en")[:200],
            country=codes[n % len(codes)],
        )
        for n in range(2_000)
    )
    # Published as they are written: the system's bulk loader, admitted past the workflow.
    sessions = Session.objects.bulk_create(
        admit_all(
            [
                Session(
                    number=FIRST_SESSION + n,
                    theme_en=writer.title("en"),
                    theme_ru=writer.title("ru"),
                    theme_az=writer.title("az"),
                    description_en=writer.paragraph("en"),
                    description_ru=writer.paragraph("ru"),
                    description_az=writer.paragraph("az"),
                    start_date=date(2001 + n, 9, 20),
                    end_date=date(2001 + n, 9, 21),
                    city_en="Baku",
                    city_ru="Баку",
                    city_az="Bakı",
                    status=Status.PUBLISHED,
                    published_at=now,
                    original_language=pick.choice(["az", "en", "ru"]),
                )
                for n in range(SESSIONS)
            ]
        )
    )
    # Every country takes part in some session.
    Participation.objects.bulk_create(
        Participation(session=sessions[n % SESSIONS], country=code) for n, code in enumerate(codes)
    )
    progress(f"  sessions, {len(codes)} countries, people, organisations: done")

    session_of = session_plan(documents, sessions, pick)
    kind_of = kind_plan(documents, pick)
    # A GIN index is far quicker built once than kept up row by row during a bulk load.
    search_index(drop=True)
    declarations = []
    for start in range(0, documents, batch):
        rows = []
        for n in range(start, min(start + batch, documents)):
            session, kind = session_of[n], kind_of[n]
            year = session.start_date.year if session else pick.randint(2001, 2025)
            day = date(year, 1, 1) + timedelta(days=pick.randint(0, 364))
            languages = pick.choices(
                [("az", "en", "ru"), ("en", "ru"), ("ru",), ("az", "en")], [70, 15, 10, 5]
            )[0]
            original = pick.choice(languages)
            author = pick.random()
            # No drafts in the small cases: they hold exactly SMALL published documents.
            small = kind == RARE_KIND or (session is not None and session.number == SMALL_SESSION)
            draft = pick.random() < 0.02 and not small
            document = Document(
                kind=kind,
                slug=f"{PREFIX}{n}",
                symbol=f"BSF/B/{n}",
                date=day,
                session=session,
                author_person=pick.choice(people) if author < 0.6 else None,
                author_organisation=pick.choice(organisations) if 0.6 <= author < 0.8 else None,
                original_language=original,
                status=Status.DRAFT if draft else Status.PUBLISHED,
                published_at=timezone.make_aware(datetime.combine(day, time(12))),
                **{f"is_authentic_{original}": True},
            )
            for language in ("az", "en", "ru"):
                setattr(document, f"title_{language}", writer.title(language))
                if language in languages:
                    setattr(document, f"summary_{language}", writer.paragraph(language, 2))
                    setattr(document, f"body_{language}", writer.body(language))
            if document.status == Status.DRAFT:
                document.published_at = None
            rows.append(document)
        created = Document.objects.bulk_create(admit_all(rows))
        declarations += [
            d for d in created if d.kind == Kind.DECLARATION and d.status == Status.PUBLISHED
        ]
        progress(f"  documents: {min(start + batch, documents):,} of {documents:,}")

    Initiative.objects.bulk_create(
        admit_all(
            [
                Initiative(
                    declaration=declarations[n % len(declarations)],
                    number=n // len(declarations) + 1,
                    title_en=writer.title("en"),
                    title_ru=writer.title("ru"),
                    title_az=writer.title("az"),
                    description_en=writer.paragraph("en"),
                    progress=pick.choice(list(Initiative.Progress)),
                    status=Status.PUBLISHED,
                    published_at=now,
                )
                for n in range(1_000)
            ]
        )
    )
    search_index(drop=False)
    bump()  # bulk inserts send no signal: pages cached before (in Redis, say) are stale
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Statistics for the planner, and a visibility map for index-only counts.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return (timezone.now() - started).total_seconds()


def search_index(drop):
    """Drop, or build again, the GIN index that Document.Meta declares."""
    index = next(i for i in Document._meta.indexes if i.name == SEARCH_INDEX)
    with connection.schema_editor(atomic=False) as editor:
        if drop:
            editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
        else:
            if connection.in_atomic_block:
                # Inside a transaction (a test's), the deferred foreign-key checks of the
                # inserts must run before PostgreSQL builds an index on the table.
                editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            editor.add_index(Document, index)
