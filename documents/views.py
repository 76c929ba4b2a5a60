from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views import View
from django.views.generic import DetailView
from django_filters.views import FilterView

from documents import citations, suggestions
from documents.filters import DocumentFilter
from documents.listing import active_filters
from documents.models import (
    NEWEST_FIRST,
    NEWS_KINDS,
    Attachment,
    Document,
    Initiative,
    Kind,
    PublishedCount,
)
from documents.search import highlights, limit_reached
from forum import views as forum_views
from forum.core.files import send_file
from forum.core.i18n import in_every_language, translated_fields
from forum.core.preview import PreviewMixin
from forum.core.throttle import throttled
from forum.models import Session

# A document's page names its session by number: the session's texts need not be read.
DETAIL_UNUSED_RELATED = in_every_language(*(f"session__{f}" for f in translated_fields(Session)))


PER_KIND = 3  # the newest documents of each kind on a session's page; the rest one link away


class HomeView(forum_views.HomeView):
    """The home page, with the latest news and the latest of the other documents."""

    def get_context_data(self, **kwargs):
        # The newest by their own date, as the list orders them (not by time online).
        newest = Document.objects.for_listing().order_by(*NEWEST_FIRST)
        return super().get_context_data(
            latest_news=newest.filter(kind__in=NEWS_KINDS)[:3],
            latest_documents=newest.exclude(kind__in=NEWS_KINDS)[:6],
            **kwargs,
        )


class SessionDetailView(forum_views.SessionDetailView):
    """A session's page, with its documents by kind: the newest few of each, and how
    many in all; neither costs more for a larger session."""

    def get_context_data(self, **kwargs):
        totals = PublishedCount.objects.by_kind(session=self.object)
        by_kind = {kind: [] for kind in Kind}
        for document in Document.objects.for_listing().newest_of_each_kind(self.object, PER_KIND):
            by_kind[document.kind].append(document)
        groups = [
            # A document published between the two queries may be missing from the total.
            {"kind": kind, "documents": found, "total": max(totals.get(kind, 0), len(found))}
            for kind, found in by_kind.items()
            if found
        ]
        return super().get_context_data(document_groups=groups, **kwargs)


class DocumentListView(FilterView):
    filterset_class = DocumentFilter
    template_name = "documents/document_list.html"
    context_object_name = "documents"
    paginate_by = 20
    # What the page reads (the public page cache keeps these, and only these).
    query_parameters = (*DocumentFilter.base_filters, "page")
    ordering_parameters = ("sort",)  # the same set in another order: not in its canonical address

    def get_queryset(self):
        return Document.objects.for_listing()

    def get(self, request, *args, **kwargs):
        if asks_for_work(request) and (too_many := throttled(request)):
            return too_many
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response

    def get_filterset(self, filterset_class):
        """The filters as given; or, where the words searched for find nothing and some of
        them are close to words that do, the same filters with those words corrected
        (the page says so: ``typed`` holds the query as typed)."""
        filterset = super().get_filterset(filterset_class)
        self.typed = ""
        if corrected := filterset.corrected():
            self.typed = filterset.searching()
            return corrected
        return filterset

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.filterset.count()  # from the counts per kind
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents = context["documents"]
        query = self.filterset.searching()
        if query:
            found = highlights(documents, query, get_language(), self.filterset.spelling)
            for document in documents:
                document.highlights = found.get(document.pk)
        paginator = context["paginator"]
        context.update(
            query=query,
            typed=self.typed,
            search_limit=limit_reached(paginator.count) if query and paginator else None,
            kind_counts=self.filterset.counts_by_kind,
            active_filters=active_filters(self.filterset, self.request),
        )
        return context


def asks_for_work(request):
    """A search or filters: a combination a reader makes up, so likely a cache miss (the
    plain list and its pages are few, and cached)."""
    return any(request.GET.get(name) for name in DocumentFilter.base_filters)


class DocumentDetailView(PreviewMixin, DetailView):
    context_object_name = "document"
    news = False  # documents.news.NewsDetailView: a press release or statement

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.object.is_news and not self.news:
            # The news have their address under news/; a link to documents/ still leads there.
            query = request.META.get("QUERY_STRING")
            url = self.object.get_absolute_url()
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
        return response

    def get_queryset(self):
        queryset = Document.objects if self.can_preview() else Document.objects.published()
        return (
            queryset.select_related("session", "author_person", "author_organisation")
            .defer("search_vector", "search_head", "language_updated")
            .defer(*DETAIL_UNUSED_RELATED)
            .prefetch_related(
                Prefetch("attachments", queryset=Attachment.objects.order_by("order", "language"))
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.kind == Kind.DECLARATION:
            initiatives = self.object.initiatives.order_by("number")
            context["initiatives"] = [i for i in initiatives if i.is_public]
        return context


class InitiativeDetailView(PreviewMixin, DetailView):
    context_object_name = "initiative"
    slug_field = "declaration__slug"

    def get_queryset(self):
        queryset = Initiative.objects if self.can_preview() else Initiative.objects.published()
        return (
            queryset.filter(number=self.kwargs["number"])
            .select_related("declaration", "lead_organisation")
            .defer("declaration__search_vector", "declaration__search_head", "declaration__body")
            .prefetch_related("notes__session")
        )

    def is_public(self, obj):
        return obj.is_public and obj.declaration.is_public


class CitationView(DocumentDetailView):
    """
    A document's citation for reference managers: BibTeX, RIS or CSL-JSON
    (documents.citations), in the page's language, as a download; public as the document's
    page is, and staff preview a draft's, never cached.
    """

    def get(self, request, *args, **kwargs):
        document = self.object = self.get_object()
        extension = kwargs["format"]
        chosen = citations.FORMATS[extension]
        # Cited by its symbol where it has one: the address that outlives a change of it.
        url = request.build_absolute_uri(
            document.get_permalink_url() or document.get_absolute_url()
        )
        response = HttpResponse(
            chosen.write(citations.cite(document, url)), content_type=chosen.content_type
        )
        response["Content-Disposition"] = content_disposition_header(
            True, f"{document.slug}-{get_language()}.{extension}"
        )
        if not self.is_public(document):
            add_never_cache_headers(response)
        return response


class AttachmentView(PreviewMixin, DetailView):
    """
    An attached file, served only while its document is public (or to staff). Sent with
    the type read from its bytes, a download name, no sniffing and a sandboxing policy,
    so that no upload can run or be shown as a page of this site.
    """

    def get_queryset(self):
        return Attachment.objects.filter(document__slug=self.kwargs["slug"]).select_related(
            "document"
        )

    def is_public(self, attachment):
        return attachment.document.is_public

    def get(self, request, *args, **kwargs):
        attachment = self.object = self.get_object()
        return send_file(
            attachment.file.storage,
            attachment.file.name,
            attachment.content_type,
            public=self.is_public(attachment),
            filename=attachment.filename,
            as_attachment=attachment.content_type != "application/pdf",
        )


class SuggestionsView(View):
    """
    Suggestions for the search field of the document list, as JSON: {"query": …,
    "suggestions": […]} (documents.suggestions). Public, so kept by the public page cache
    like a page: one entry for each text, dropped when content changes. A text that asks
    for work is throttled as a search is.
    """

    http_method_names = ["get", "head"]
    query_parameters = ("q",)  # what the page cache keys on

    def get(self, request):
        text = request.GET.get("q", "")
        if len(text) > suggestions.MAX_LENGTH:
            return self.json(
                {"error": f"q is longer than {suggestions.MAX_LENGTH} characters."}, status=400
            )
        found = []
        if len(text.strip()) >= suggestions.MIN_LENGTH:
            # A budget of its own: typing asks for several, and must not use up the
            # searches' (THROTTLE_RATE).
            if too_many := throttled(request, "suggestions", settings.SUGGESTIONS_THROTTLE_RATE):
                response = self.json({"error": "Too many requests."}, status=429)
                response["Retry-After"] = too_many["Retry-After"]
                return response
            found = suggestions.suggest(text, get_language())
        return self.json({"query": text, "suggestions": found})

    def json(self, data, status=200):
        response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
        response["X-Content-Type-Options"] = "nosniff"
        return response
