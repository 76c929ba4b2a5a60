import hashlib
import operator
from collections import Counter
from functools import reduce

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.contrib.postgres.search import SearchRank
from django.db import NotSupportedError, models
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from documents import search as full_text
from documents.search import HEAD_WEIGHTS, SEARCH_INDEX, SearchVectorColumn
from documents.validators import sniff_content_type, validate_attachment
from forum.core import registry
from forum.core.content import (
    PublishableModel,
    PublishableQuerySet,
    SourcedModel,
    TimeStampedModel,
)
from forum.core.formatting import FormattedTextField
from forum.core.i18n import LANGUAGE_CODES, in_every_language
from forum.core.reversing import reverse
from forum.models import Organisation, Person, Session


class Kind(models.TextChoices):
    ADDRESS = "address", _("Address")
    DECLARATION = "declaration", _("Declaration")
    REGULATIONS = "regulations", _("Regulations")
    STATEMENT = "statement", _("Statement")
    SPEECH = "speech", _("Speech")
    COMMUNIQUE = "communique", _("Communiqué")
    AGENDA = "agenda", _("Agenda or programme")
    REPORT = "report", _("Report")
    PRESS_RELEASE = "press_release", _("Press release")


# The Secretariat's press releases and statements: its news, at /<lang>/news/.
NEWS_KINDS = (Kind.PRESS_RELEASE, Kind.STATEMENT)


# What an item of a list shows, and nothing else: a page of 20 items reads and builds
# only these columns of the document and of its session and author.
LISTING_COLUMNS = [
    "kind", "slug", "symbol", "date", "is_sample", "original_language", "status",
    "published_at", "updated_at", "session__number", "session__status", "session__published_at",
    *in_every_language(
        "title", "summary", "author_person__name",
        "author_organisation__name", "author_organisation__acronym",
    ),
]  # fmt: skip


# The order of every list of documents (the home page's, the list's, a session's, the
# feed's) and the tie-break of a search's ranks: newest first, then the one entered last.
NEWEST_FIRST = ["-date", "-pk"]


def symbol_like(symbol):
    """The documents whose symbol (as ``symbol_upper``) is ``symbol`` or starts with it."""
    return Q(symbol_upper=symbol) | Q(symbol_upper__startswith=symbol + "/")


class DocumentQuerySet(PublishableQuerySet):
    def for_listing(self):
        """Published, with what a list shows, in one query; the long texts stay behind."""
        return (
            self.published()
            .select_related("session", "author_person", "author_organisation")
            .only(*LISTING_COLUMNS)
        )

    def search(self, text, spelling=None):
        """
        The documents matching ``text`` (in any language version), most relevant first,
        with a ``rank`` annotation; none where ``text`` has no word to look for.

        A symbol (BSF/3/ADDR) or its start (BSF/3) is looked for in the symbols alone:
        that document, or the session's, in which the other words, if any, are searched
        for. Words are ranked by where they are found: the
        symbol and titles over summaries (the small ``search_head`` kept in the row),
        summaries over the full text, the exact phrase over scattered words, then the
        newest first. Only the newest MAX_RESULTS matches of this queryset are kept (a
        subquery) and ranked: a word found in most of a large archive would otherwise
        make a search rank (and read) every match. Filter before searching, so that the
        bound applies to what the filters leave.

        The query's other spellings (``spelling``, looked up where not given: the same
        name in another script, the word a misspelt one is closest to) are searched too,
        their matches ranked below those of the query as typed.
        """
        symbol, text = full_text.symbol_in(text)
        if symbol and not text:
            return self.with_symbol(symbol)
        query = full_text.full_text_query(text)
        if query is None:
            return self.none()
        within = (
            self.alias(symbol_upper=Upper("symbol")).filter(symbol_like(symbol))
            if symbol
            else self
        )
        if spelling is None:
            spelling = full_text.spellings(text)
        found = reduce(operator.or_, map(full_text.full_text_query, spelling.variants), query)
        newest = (
            within.filter(search_vector=found)
            .order_by(*NEWEST_FIRST)
            .values("pk")[: full_text.MAX_RESULTS]
        )
        rank = SearchRank(F("search_head"), query)
        if spelling.variants:
            rank = rank * Value(2.0) + SearchRank(F("search_head"), found)
        if phrase := full_text.phrase_query(text):
            rank += Case(When(search_head=phrase, then=Value(1.0)), default=Value(0.0))
        return self.filter(pk__in=newest).annotate(rank=rank).order_by("-rank", *NEWEST_FIRST)

    def with_symbol(self, symbol):
        """The document whose symbol is ``symbol`` (in any case), then those whose symbol
        starts with it (BSF/3 → BSF/3/…), ranked so; by the index on the symbol."""
        return (
            self.alias(symbol_upper=Upper("symbol"))
            .filter(symbol_like(symbol))
            .annotate(rank=Case(When(symbol_upper=symbol, then=Value(2.0)), default=Value(1.0)))
            .order_by("-rank", *NEWEST_FIRST)
        )

    def newest_of_each_kind(self, session, count):
        """
        The newest ``count`` documents of each kind of these in ``session``, newest
        first (``for_listing().newest_of_each_kind(…)``: of the public ones).

        For each kind, a scan of documents_session_kind_idx that stops after ``count``
        rows (a LATERAL join, which the ORM does not write), so the cost does not grow
        with the session. The scan is this queryset's own SQL, so that publication keeps
        its one definition.
        """
        newest = (
            self.filter(session=session, kind=RawSQL("kinds.kind", ()))
            .order_by(*NEWEST_FIRST)
            .values("pk")[:count]
        )
        sql, params = newest.query.sql_with_params()
        lateral = RawSQL(
            "SELECT newest.id FROM unnest(%s::varchar[]) AS kinds(kind)"
            f" CROSS JOIN LATERAL ({sql}) AS newest(id)",
            (Kind.values, *params),
        )
        return self.filter(pk__in=lateral)


@registry.content()
class Document(PublishableModel, SourcedModel):
    class Adoption(models.TextChoices):
        CONSENSUS = "consensus", _("By consensus")
        VOTE = "vote", _("By vote")
        SIGNATURE = "signature", _("By signature")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The document's permanent address: do not change it once published."),
    )
    symbol = models.CharField(
        _("symbol"),
        max_length=64,
        blank=True,
        help_text=_("Reference symbol, e.g. BSF/3/DECL."),
    )
    summary = models.TextField(_("summary"), blank=True)
    body = FormattedTextField(_("full text"), blank=True)
    is_authentic = models.BooleanField(
        _("authentic text"),
        default=False,
        help_text=_("This language version is an authentic text, not a translation."),
    )
    date = models.DateField(_("date"))
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    author_person = models.ForeignKey(
        Person,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    author_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    adoption = models.CharField(_("adopted"), max_length=16, choices=Adoption.choices, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    search_vector = SearchVectorColumn()
    search_head = SearchVectorColumn(HEAD_WEIGHTS)

    objects = DocumentQuerySet.as_manager()
    completeness_fields = ("title", "body")

    class Meta(PublishableModel.Meta):
        ordering = NEWEST_FIRST
        get_latest_by = "date"
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            *PublishableModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["symbol"], condition=~Q(symbol=""), name="documents_unique_symbol"
            ),
            models.CheckConstraint(
                condition=Q(author_person__isnull=True) | Q(author_organisation__isnull=True),
                name="documents_one_author",
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="documents_known_kind"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="documents_public_idx"),
            models.Index(fields=["-date", "-id"], name="documents_date_idx"),
            # The list filtered by kind or by session, newest first: the trailing columns
            # let the count and the counts per kind read the index alone.
            models.Index(
                fields=["kind", "-date", "-id", "session", "status", "published_at"],
                name="documents_kind_listing_idx",
            ),
            models.Index(
                fields=["session", "-date", "-id", "kind", "status", "published_at"],
                name="documents_session_listing_idx",
            ),
            # A session's page: the newest few of each kind (newest_of_each_kind). With
            # the publication columns, the planner prefers it to the one above, which
            # would walk the whole session for a kind it holds few of.
            models.Index(
                fields=["session", "kind", "-date", "-id", "status", "published_at"],
                name="documents_session_kind_idx",
            ),
            # Counts per kind of what is public, read from the index alone.
            models.Index(
                fields=["status", "kind", "published_at"], name="documents_kind_public_idx"
            ),
            GinIndex(fields=["search_vector"], name=SEARCH_INDEX),
            # A symbol or its start, in any case (Document.objects.with_symbol).
            models.Index(
                OpClass(Upper("symbol"), name="text_pattern_ops"), name="documents_symbol_idx"
            ),
            # The latest change: the sitemap index's lastmod, the editors' recent changes.
            models.Index(fields=["-updated_at"], name="documents_updated_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        name = "documents:news-item" if self.is_news else "documents:detail"
        return reverse(name, kwargs={"slug": self.slug})

    def get_permalink_url(self, language=None):
        """The address that cites the document by its symbol (/s/BSF/3/DECL, or
        /s/BSF/3/DECL/ru for one language version), or None where it has none: it
        answers in the reader's language, and keeps answering after the symbol changes."""
        if not self.symbol:
            return None
        path = f"{self.symbol}/{language}" if language else self.symbol
        return reverse("permalink", kwargs={"symbol": path})

    @property
    def is_news(self):
        return self.kind in NEWS_KINDS

    def get_kind_display(self):
        # Django's own rebuilds the flattened choices on every call: a tenth of a list page.
        return Kind(self.kind).label

    @property
    def author(self):
        return self.author_person or self.author_organisation

    @property
    def public_session(self):
        """The session, once the public may see it: a document can be published first."""
        return public_or_none(self.session)

    def text_languages(self):
        """Languages in which the full text exists."""
        return [code for code in LANGUAGE_CODES if getattr(self, f"body_{code}")]

    def languages(self):
        """Languages the document exists in: its text's, or its title's while it has none."""
        return self.text_languages() or [
            code for code in LANGUAGE_CODES if getattr(self, f"title_{code}")
        ]

    def authentic_languages(self):
        return [code for code in LANGUAGE_CODES if getattr(self, f"is_authentic_{code}")]


@registry.content(parent="document")
class SymbolRedirect(models.Model):
    """
    A symbol a public document had before staff changed it: its permalink (/s/<symbol>)
    keeps answering with that document, so no published link breaks. A current symbol
    wins over an old one.

    Kept by the database, whatever path changed the symbol (a form, an import, a revert
    from history, a queryset's update): the trigger of migration 0007; no admin edits it.
    Registered content so that an export carries it and an import restores it.
    """

    # In upper case, as symbols are compared (Document.objects.with_symbol).
    symbol = models.CharField(_("former symbol"), max_length=64, unique=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="former_symbols",
    )
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("former symbol")
        verbose_name_plural = _("former symbols")

    def __str__(self):
        return self.symbol


class PublishedCountQuerySet(models.QuerySet):
    def by_kind(self, session=None, year=None):
        """
        {kind: documents the public sees} of ``session`` and of ``year`` (None: any),
        in one query that reads a few summary rows whatever the size of the archive:
        the stored counts summed, less the documents published for a time still to
        come (what ``published()`` leaves out of the published).
        """
        stored, matching = self.order_by(), Q()
        if session is not None:
            stored, matching = stored.filter(session=session), matching & Q(session=session)
        if year is not None:
            stored, matching = stored.filter(year=year), matching & Q(date__year=year)
        # The session and year in the count, not in the WHERE: the rows read are then
        # the scheduled ones alone, a range of documents_public_idx, rather than a scan
        # of the session or the year by an index of theirs.
        scheduled = (
            Document.objects.scheduled()
            .order_by()
            .values_list("kind")
            .annotate(documents=-Count("pk", filter=matching or None))
        )
        counts = Counter()
        for kind, documents in (
            stored.values_list("kind")
            .annotate(documents=Sum("documents"))
            .union(scheduled, all=True)
        ):
            counts[kind] += documents
        return {kind: documents for kind, documents in counts.items() if documents}


class PublishedCount(models.Model):
    """
    How many documents have the status "published", by kind, session and year of their
    date: a few hundred rows, read instead of counting the archive (``by_kind``).

    Kept by the database itself, in the transaction of every write to the documents
    whatever its path (a save, a bulk insert, an update or delete of a queryset, raw
    SQL): the triggers of migration 0002. Read-only here, not content of the registry.
    A migration that renames or retypes a column they read (kind, session_id, date,
    status) writes them again.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
    )
    year = models.SmallIntegerField(_("year"))
    documents = models.IntegerField(_("documents"), default=0)

    objects = PublishedCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("count of published documents")
        verbose_name_plural = _("counts of published documents")
        constraints = [
            # What the triggers add to: one row for each kind, session (or none) and year.
            models.UniqueConstraint(
                fields=["kind", "session", "year"],
                nulls_distinct=False,
                name="documents_published_count_unique",
            ),
        ]

    def __str__(self):
        return f"{self.kind}, {self.session_id}, {self.year}: {self.documents}"

    def save(self, *args, **kwargs):
        raise NotSupportedError("The database keeps the counts of published documents.")

    def delete(self, *args, **kwargs):
        raise NotSupportedError("The database keeps the counts of published documents.")


class SearchWord(models.Model):
    """
    A word of the documents' texts, in any language, with its key across scripts
    (forum.core.textsearch.NAME_KEY_SQL): what a reader's word is compared with to find
    its other spellings (Алиев → Aliyev, Əliyev) and, for a word no text holds, the
    closest ones (trigram similarity). Never shown as such: a spelling offered to the
    reader is one that finds published documents.

    Kept by the database, from every statement that writes documents (the triggers of
    migration 0005); words of texts since changed stay, finding nothing.
    """

    word = models.CharField(max_length=64, primary_key=True)
    # Compared byte by byte ("C"), so that the keys starting with a key are one index range.
    key = models.GeneratedField(
        expression=models.Func(F("word"), function="name_key", output_field=models.TextField()),
        output_field=models.TextField(db_collation="C"),
        db_persist=True,
    )

    # As Azerbaijani is indexed (az_fold): misspellings are compared folded, so that one
    # typed without the Azerbaijani letters finds its word too.
    folded = models.GeneratedField(
        expression=models.Func(F("word"), function="az_fold", output_field=models.TextField()),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        indexes = [
            models.Index(fields=["key"], name="documents_searchword_key_idx"),
            # The closest words first, by the index (pg_trgm's distance, <->).
            GistIndex(
                fields=["folded"], opclasses=["gist_trgm_ops"], name="documents_searchword_trgm"
            ),
        ]

    def __str__(self):
        return self.word


class InitiativeQuerySet(PublishableQuerySet):
    def published(self):
        """Public initiatives belong to a public declaration."""
        return (
            super().published().filter(declaration__in=Document.objects.published().values("pk"))
        )


@registry.content(parent="declaration")
class Initiative(PublishableModel):
    class Progress(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        IN_PROGRESS = "in_progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")
        CLOSED = "closed", _("Closed")

    declaration = models.ForeignKey(
        Document,
        verbose_name=_("declaration"),
        on_delete=models.CASCADE,
        related_name="initiatives",
        limit_choices_to={"kind": Kind.DECLARATION},
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("Its place in the declaration; part of its address.")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead_country = CountryField(_("lead country"), blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead agency or organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    progress = models.CharField(
        _("progress"), max_length=16, choices=Progress.choices, default=Progress.PROPOSED
    )

    objects = InitiativeQuerySet.as_manager()
    completeness_fields = ("title", "description")

    class Meta(PublishableModel.Meta):
        ordering = ["declaration", "number"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            *PublishableModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["declaration", "number"], name="documents_initiative_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="documents_initiative_number_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "documents:initiative",
            kwargs={"slug": self.declaration.slug, "number": self.number},
        )


@registry.content(parent="initiative")
class ProgressNote(TimeStampedModel):
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    date = models.DateField(_("date"))
    session = models.ForeignKey(
        Session,
        verbose_name=_("reported at session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_notes",
    )
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self):
        return f"{self.date:%Y-%m-%d}: {self.initiative}"

    @property
    def public_session(self):
        return public_or_none(self.session)


def public_or_none(item):
    return item if item is not None and item.is_public else None


def attachment_path(attachment, filename):
    """documents/<year>/<document>/<name>.pdf: the name slugified, nothing of it executable.

    Attachments are PDFs, checked by their bytes, so the stored name ends in .pdf whatever
    the uploaded one was (".pdf" alone, "x.PDF", no extension at all).
    """
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if name.lower().endswith(".pdf"):
        name = name[: -len(".pdf")]
    name = slugify(name, allow_unicode=True)[:80] or "file"
    return f"documents/{attachment.document.date:%Y}/{attachment.document.slug}/{name}.pdf"


@registry.content(parent="document")
class Attachment(TimeStampedModel):
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(
        _("file"), upload_to=attachment_path, max_length=255, validators=[validate_attachment]
    )
    size = models.PositiveBigIntegerField(_("size"), editable=False, default=0)
    # The SHA-256 of the stored bytes, in hex: given with each file by the API and the
    # bulk downloads, so that an archive can check what it fetched.
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, editable=False, blank=True)
    content_type = models.CharField(
        _("type"), max_length=100, editable=False, default="application/pdf"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "language", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title or self.filename

    def get_absolute_url(self):
        return reverse(
            "documents:attachment",
            kwargs={"slug": self.document.slug, "pk": self.pk, "filename": self.filename},
        )

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.size = self.file.size
            self.content_type = sniff_content_type(self.file) or "application/octet-stream"
            self.sha256 = checksum(self.file)
        super().save(*args, **kwargs)


def checksum(file):
    """The SHA-256 of ``file``'s bytes, in hex, read in chunks from its start."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


@registry.content()
class DataLicence(TimeStampedModel):
    """
    The terms on which the Forum's record is offered as data (/<lang>/data/, the API):
    one row, which staff edit.
    """

    name = models.CharField(
        _("licence"), max_length=200, help_text=_("E.g. Creative Commons Attribution 4.0.")
    )
    url = models.URLField(_("licence link"), blank=True)
    terms = models.TextField(
        _("terms"),
        blank=True,
        help_text=_("How to credit the Forum, and anything the licence does not cover."),
    )
    is_sample = models.BooleanField(
        _("sample content"),
        default=False,
        help_text=_("Demonstration content that is not an established fact; marked on the site."),
    )

    class Meta:
        verbose_name = _("data licence")
        verbose_name_plural = _("data licence")
        constraints = [
            # One licence: the row staff edit.
            models.CheckConstraint(condition=Q(pk=1), name="documents_datalicence_single"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)


class Address(Document):
    class Meta:
        proxy = True
        verbose_name = pgettext_lazy("document", "address")
        verbose_name_plural = pgettext_lazy("document", "addresses")


class Declaration(Document):
    class Meta:
        proxy = True
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
