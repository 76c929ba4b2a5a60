"""
The documents in the open-data API: every language version side by side, their files
with checksums, a declaration's initiatives; filtered, searched and ordered by the public
list's own FilterSet (documents/filters.py), so that `/api/v1/documents/?kind=address`
is `/<lang>/documents/?kind=address` as data. Published content only, whoever asks.
"""

from django.db.models import Prefetch, Q
from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.filters import DocumentFilter
from documents.models import (
    NEWEST_FIRST,
    NEWS_KINDS,
    Attachment,
    DataLicence,
    Document,
    Initiative,
    ProgressNote,
)
from forum import api as forum_api
from forum.core.api import (
    CountryField,
    Label,
    OriginalLanguage,
    PageLinks,
    PublicViewSet,
    Translated,
    api_url,
)
from forum.core.i18n import LANGUAGE_CODES, in_every_language

# A document's row without what no answer shows: the search vectors, the session's texts.
UNUSED_COLUMNS = [
    "search_vector", "search_head",
    *in_every_language(
        "session__theme", "session__city", "session__venue", "session__description",
    ),
]  # fmt: skip


# What a list gives of each document, and nothing else: its rows are wide (every text in
# every language), and the columns read are the query's cost to build and to load.
LIST_COLUMNS = [
    "kind", "slug", "symbol", "date", "is_sample", "original_language", "status",
    "published_at", "updated_at", "adoption", "adopted_on", "source_name", "source_url",
    "source_date", "session__number", "session__status", "session__published_at",
    "author_person__country", "author_organisation__country",
    *in_every_language(
        "title", "summary", "is_authentic", "author_person__name", "author_organisation__name",
    ),
]  # fmt: skip


class AttachmentSerializer(serializers.ModelSerializer):
    title = Translated()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["language", "title", "url", "size", "content_type", "sha256"]

    def get_url(self, attachment) -> str:
        return self.context["request"].build_absolute_uri(attachment.get_absolute_url())


class InitiativeSummarySerializer(serializers.ModelSerializer):
    """An initiative as its declaration lists it."""

    title = Translated()
    progress_label = Label(source="progress")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = ["id", "number", "title", "progress", "progress_label", "is_sample", "url"]

    def get_url(self, initiative) -> str:
        return api_url(self.context["request"], "initiative-detail", pk=initiative.pk)


LANGUAGE_VERSION = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "nullable": True},
        "summary": {"type": "string", "nullable": True},
        "text": {
            "type": "string",
            "nullable": True,
            "description": "The full text as sanitized HTML (a document's own answer only).",
        },
        "has_text": {"type": "boolean"},
        "authentic": {
            "type": "boolean",
            "description": "This language version is an authentic text, not a translation.",
        },
        "original": {"type": "boolean"},
        "page": {"type": "string", "format": "uri", "nullable": True},
        "permalink": {"type": "string", "format": "uri", "nullable": True},
    },
    "required": ["title", "summary", "has_text", "authentic", "original", "page", "permalink"],
}


@extend_schema_field(
    {
        "type": "object",
        "properties": dict.fromkeys(LANGUAGE_CODES, LANGUAGE_VERSION),
        "required": LANGUAGE_CODES,
        "description": "Each language version side by side.",
    }
)
class LanguageVersions(serializers.Field):
    """{language: {title, summary, (text,) has_text, authentic, original, page, permalink}}
    in every site language; a version not written has null texts and no page."""

    def __init__(self, with_text=False, **kwargs):
        self.with_text = with_text
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, document):
        request = self.context["request"]
        versions = {}
        for code in LANGUAGE_CODES:
            title = getattr(document, f"title_{code}") or None
            version = {
                "title": title,
                "summary": getattr(document, f"summary_{code}") or None,
                "has_text": bool(getattr(document, f"has_text_{code}", None))
                if not self.with_text
                else bool(getattr(document, f"body_{code}")),
                "authentic": bool(getattr(document, f"is_authentic_{code}")),
                "original": code == document.original_language,
                "page": None,
                "permalink": None,
            }
            if self.with_text:
                version["text"] = getattr(document, f"body_{code}") or None
            if title:
                with translation.override(code):
                    version["page"] = request.build_absolute_uri(document.get_absolute_url())
                permalink = document.get_permalink_url(code)
                if permalink:
                    version["permalink"] = request.build_absolute_uri(permalink)
            versions[code] = version
        return versions


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "type": {"type": "string", "enum": ["person", "organisation"]},
            "id": {"type": "integer"},
            "name": {
                "type": "object",
                "properties": {c: {"type": "string", "nullable": True} for c in LANGUAGE_CODES},
            },
            "country": {
                "type": "object",
                "nullable": True,
                "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
            },
        },
        "required": ["type", "id", "name", "country"],
    }
)
class AuthorField(serializers.Field):
    """The author: a person or an issuing body, with its name in every language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, document):
        author = document.author
        if author is None:
            return None
        return {
            "type": "person" if document.author_person_id else "organisation",
            "id": author.pk,
            "name": {code: getattr(author, f"name_{code}") or None for code in LANGUAGE_CODES},
            "country": CountryField().to_representation(author.country),
        }


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    symbol = serializers.SerializerMethodField()
    permalink = serializers.SerializerMethodField()
    kind_label = serializers.SerializerMethodField()
    session = serializers.SerializerMethodField()
    author = AuthorField()
    adoption = serializers.SerializerMethodField()
    adoption_label = serializers.SerializerMethodField()
    original_language = OriginalLanguage()
    languages = LanguageVersions()
    attachments = AttachmentSerializer(many=True)
    # A declaration's published initiatives (none for other kinds).
    initiatives = InitiativeSummarySerializer(source="public_initiatives", many=True)
    source = forum_api.source()

    class Meta:
        model = Document
        fields = [
            "slug", "url", "symbol", "permalink", "kind", "kind_label", "date", "session",
            "author", "adoption", "adoption_label", "adopted_on", "original_language",
            "languages", "attachments", "initiatives", "is_sample", "source", "published_at",
            "updated_at",
        ]  # fmt: skip

    def get_url(self, document) -> str:
        return api_url(self.context["request"], "document-detail", slug=document.slug)

    def get_symbol(self, document) -> str | None:
        return document.symbol or None

    def get_permalink(self, document) -> str | None:
        """The symbol's permalink, answering in the reader's language."""
        permalink = document.get_permalink_url()
        return self.context["request"].build_absolute_uri(permalink) if permalink else None

    def get_kind_label(self, document) -> str:
        return str(document.get_kind_display())

    @extend_schema_field(forum_api.SessionSummarySerializer(allow_null=True))
    def get_session(self, document):
        return forum_api.session_summary(self.context["request"], document.public_session)

    def get_adoption(self, document) -> str | None:
        return document.adoption or None

    def get_adoption_label(self, document) -> str | None:
        return str(document.get_adoption_display()) if document.adoption else None


class DocumentDetailSerializer(DocumentSerializer):
    languages = LanguageVersions(with_text=True)


class DocumentViewSet(PublicViewSet):
    """
    Published documents, newest first, filtered, searched and ordered as on the site's
    document list (the same parameters and the same validation). A list gives each
    language's title and summary; a document's own answer adds its full texts.
    """

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"  # a slug, as the page's own address takes it
    filterset_class = DocumentFilter
    query_parameters = (*PublicViewSet.query_parameters, *DocumentFilter.base_filters)

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer

    def get_queryset(self):
        documents = (
            Document.objects.published()
            .select_related("session", "author_person", "author_organisation")
            .defer(*UNUSED_COLUMNS)
            .prefetch_related(
                Prefetch("attachments", queryset=Attachment.objects.order_by("order", "language")),
                Prefetch(
                    "initiatives",
                    queryset=Initiative.objects.published().order_by("number"),
                    to_attr="public_initiatives",
                ),
            )
            .order_by(*NEWEST_FIRST)
        )
        if self.action == "retrieve":
            return documents
        # A list reads only what it gives: no full text (whether there is one is enough),
        # nothing of the session but its number and publication.
        return documents.only(*LIST_COLUMNS).annotate(
            **{f"has_text_{code}": Q(**{f"body_{code}__gt": ""}) for code in LANGUAGE_CODES}
        )

    def total(self):
        """The number of documents the filters leave, from the counts the database keeps."""
        return self.filterset.count()


class NewsViewSet(DocumentViewSet):
    """The Secretariat's news: its press releases and statements, as documents."""

    def get_queryset(self):
        return super().get_queryset().filter(kind__in=NEWS_KINDS)

    def total(self):
        filters = self.filterset
        if filters.searching():
            return filters.count()  # counted in what the search found, news alone
        # The counts the database keeps are of every kind: the news kinds' alone.
        chosen = filters.chosen_kinds() or NEWS_KINDS
        return sum(filters.counts_by_kind.get(kind, 0) for kind in chosen if kind in NEWS_KINDS)


class ProgressNoteSerializer(serializers.ModelSerializer):
    text = Translated()
    session = serializers.SerializerMethodField()

    class Meta:
        model = ProgressNote
        fields = ["date", "session", "text"]

    @extend_schema_field(forum_api.SessionSummarySerializer(allow_null=True))
    def get_session(self, note):
        return forum_api.session_summary(self.context["request"], note.public_session)


class DeclarationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    symbol = serializers.SerializerMethodField()
    title = Translated()

    class Meta:
        model = Document
        fields = ["slug", "url", "symbol", "title"]

    def get_url(self, document) -> str:
        return api_url(self.context["request"], "document-detail", slug=document.slug)

    def get_symbol(self, document) -> str | None:
        return document.symbol or None


class InitiativeSerializer(InitiativeSummarySerializer):
    original_language = OriginalLanguage()
    declaration = DeclarationSerializer()
    description = Translated()
    lead_country = CountryField()
    lead_organisation = forum_api.OrganisationSerializer(allow_null=True)
    notes = ProgressNoteSerializer(many=True)
    pages = PageLinks()

    class Meta:
        model = Initiative
        fields = [
            "id", "number", "url", "declaration", "title", "description", "lead_country",
            "lead_organisation", "progress", "progress_label", "notes", "original_language",
            "is_sample", "published_at", "updated_at", "pages",
        ]  # fmt: skip


class InitiativeViewSet(PublicViewSet):
    """The initiatives of published declarations, with their progress notes."""

    serializer_class = InitiativeSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            Initiative.objects.published()
            .select_related("declaration", "lead_organisation")
            .defer(*(f"declaration__{column}" for column in UNUSED_COLUMNS[:2]))
            .defer(*in_every_language("declaration__body", "declaration__summary"))
            .prefetch_related(
                Prefetch(
                    "notes",
                    queryset=ProgressNote.objects.select_related("session").order_by("date", "pk"),
                )
            )
            .order_by("-declaration__date", "declaration", "number")
        )


class PersonViewSet(forum_api.PersonViewSet):
    __doc__ = forum_api.PersonViewSet.__doc__

    def named(self):
        return super().named() | Q(documents__in=Document.objects.published())


class OrganisationViewSet(forum_api.OrganisationViewSet):
    __doc__ = forum_api.OrganisationViewSet.__doc__
    people = PersonViewSet

    def named(self):
        return (
            super().named()
            | Q(documents__in=Document.objects.published())
            | Q(initiatives__in=Initiative.objects.published())
        )


class DataLicenceSerializer(serializers.ModelSerializer):
    name = Translated()
    terms = Translated()

    class Meta:
        model = DataLicence
        fields = ["name", "url", "terms", "is_sample"]
