import re
from datetime import datetime, time
from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from documents.filters import DocumentFilter
from documents.models import Document
from documents.views import asks_for_work
from forum.core.i18n import localized
from forum.core.throttle import throttled

# The control characters XML 1.0 cannot hold (a text pasted from elsewhere may).
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(text):
    return NOT_IN_XML.sub("", text)


class DocumentAtomFeed(Atom1Feed):
    """Atom, where an entry of a document with a symbol links to its permalink as well
    (rel="related"): the address to cite it by, which outlives a change of the symbol."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("permalink"):
            # On the host of the entry's own link, which Django made absolute already.
            href = urljoin(item["link"], item["permalink"])
            handler.addQuickElement("link", "", {"rel": "related", "href": href})


class DocumentFeed(Feed):
    """Atom feed of published documents in the page's language; the list's filters apply."""

    feed_type = DocumentAtomFeed
    limit = 50
    # What the feed reads (the public page cache keeps these, and only these).
    query_parameters = tuple(DocumentFilter.base_filters)

    # One instance serves every request (and every thread): what belongs to a request
    # travels as the feed's object, the filter set, never as an attribute of the feed.
    def __call__(self, request, *args, **kwargs):
        if asks_for_work(request) and (too_many := throttled(request)):
            return too_many
        filterset = DocumentFilter(
            request.GET or None, queryset=Document.objects.for_listing(), request=request
        )
        if filterset.is_bound and not filterset.is_valid():
            return HttpResponseBadRequest(
                _("The feed's filters are not valid: %(errors)s")
                % {"errors": filterset.form.errors.as_text()},
                content_type="text/plain; charset=utf-8",
            )
        # As the list: misspelt words that find nothing, corrected where that finds some.
        request.document_filter = filterset.corrected() or filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request.document_filter

    def title(self):
        return _("Baku Security Forum: documents")

    def subtitle(self):
        return _("Addresses, declarations and other documents of the Baku Security Forum.")

    def link(self, filterset):
        return with_query(reverse("documents:list"), filterset)

    def feed_url(self, filterset):
        return with_query(reverse("documents:feed"), filterset)

    def items(self, filterset):
        return filterset.qs[: self.limit]

    def item_title(self, document):
        title = localized(document, "title").text
        if document.is_sample:
            # The page marks it; a reader of the feed sees no page.
            title = _("Sample: %(title)s") % {"title": title}
        return xml_text(title)

    def item_description(self, document):
        return xml_text(localized(document, "summary").text)

    def item_pubdate(self, document):
        # When the document came out (the start of its day in the site's time zone), as a
        # reader files it: not when the portal put it online. Its changes are <updated>.
        return timezone.make_aware(datetime.combine(document.date, time.min))

    def item_updateddate(self, document):
        return document.updated_at

    def item_author_name(self, document):
        return str(document.author) if document.author else None

    def item_categories(self, document):
        return [document.get_kind_display()]

    def item_extra_kwargs(self, document):
        return {"permalink": document.get_permalink_url()}


def with_query(url, filterset):
    query = filterset.data.urlencode() if filterset.is_bound else ""
    return f"{url}?{query}" if query else url
