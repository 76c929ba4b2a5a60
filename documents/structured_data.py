"""
The documents in schema.org terms (forum/core/structured_data.py): a declaration or the
Regulations as Legislation, any other document as a CreativeWork, part of its session's
Event once that session is public; the breadcrumbs of their pages; a page of a list.
Built from what the pages' views have loaded, nothing more.
"""

from django.utils.translation import gettext

from documents.models import Kind
from forum import structured_data as forum_data
from forum.core import structured_data as sd
from forum.core.i18n import localized
from forum.core.reversing import reverse

# Texts adopted by the Forum's participants and binding on how it works: schema.org's
# Legislation, with their symbol as legislationIdentifier.
LEGISLATION_KINDS = frozenset({Kind.DECLARATION, Kind.REGULATIONS})


def document_work(document, request):
    """The document; nothing for one not public or shown as a sample."""
    if not document.is_public or document.is_sample:
        return None
    url = request.build_absolute_uri(document.get_absolute_url())
    title, body = localized(document, "title"), localized(document, "body")
    legislation = document.kind in LEGISLATION_KINDS
    node = {
        "@type": "Legislation" if legislation else "CreativeWork",
        "@id": f"{url}#document",
        "url": url,
        "name": title,
        "description": sd.text(localized(document, "summary")),
        # The language of the text this page shows: the page's, or the one it falls back to.
        "inLanguage": (body or title).language,
        "datePublished": sd.iso_date(document.date),
        "dateModified": sd.iso_date(document.updated_at),
        "author": author(document),
        "publisher": forum_data.forum_reference(request),
        "isPartOf": forum_data.session_reference(document.public_session, request),
        "associatedMedia": [attachment(file, request) for file in document.attachments.all()],
        # Its symbol, for a piece of legislation too (legislationIdentifier is one kind of
        # identifier), and the address that cites it by that symbol.
        "identifier": document.symbol,
        "sameAs": document.symbol and request.build_absolute_uri(document.get_permalink_url()),
    }
    if legislation:
        node.update(
            legislationIdentifier=document.symbol,
            legislationType=document.get_kind_display(),
            legislationDate=sd.iso_date(document.adopted_on),
        )
    else:
        node.update(genre=document.get_kind_display())
    return node


def author(document):
    if document.author_person:
        return forum_data.person(document.author_person)
    return forum_data.organisation(document.author_organisation)


def attachment(file, request):
    return {
        "@type": "MediaObject",
        "name": localized(file, "title") or file.filename,
        "contentUrl": request.build_absolute_uri(file.get_absolute_url()),
        "encodingFormat": file.content_type,
        "inLanguage": file.language,
    }


def document_trail(document, request):
    """The breadcrumbs the document's page shows (a news item's under the news)."""
    if document.is_news:
        return [(gettext("News"), request.build_absolute_uri(reverse("documents:news")))]
    documents = request.build_absolute_uri(reverse("documents:list"))
    return [
        (gettext("Documents"), documents),
        (document.get_kind_display(), f"{documents}?kind={document.kind}"),
    ]


def document_data(document, request):
    """A document's page: the document, and its breadcrumbs, then itself."""
    if not document.is_public:
        return []
    url = request.build_absolute_uri(document.get_absolute_url())
    trail = [*document_trail(document, request), (localized(document, "title"), url)]
    return [document_work(document, request), sd.breadcrumb_list(trail)]


def initiative_data(initiative, request):
    """An initiative's page: its breadcrumbs (the documents, its declaration), then itself."""
    declaration = initiative.declaration
    if not (initiative.is_public and declaration.is_public):
        return []
    trail = [
        (gettext("Documents"), request.build_absolute_uri(reverse("documents:list"))),
        (
            localized(declaration, "title"),
            request.build_absolute_uri(declaration.get_absolute_url()),
        ),
        (
            localized(initiative, "title"),
            request.build_absolute_uri(initiative.get_absolute_url()),
        ),
    ]
    return [sd.breadcrumb_list(trail)]


def document_list_data(page, request):
    """A page of a list of documents: its documents, numbered on from the earlier pages."""
    if page is None or not page.object_list:
        return []
    items = [
        (localized(document, "title"), request.build_absolute_uri(document.get_absolute_url()))
        for document in page.object_list
    ]
    return [sd.item_list(items, start=page.start_index())]
