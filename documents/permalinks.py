"""
Symbol permalinks, as researchers cite UN documents (undocs.org/A/RES/…): /s/BSF/3/DECL
answers with the published document's page in the reader's language, /s/BSF/3/DECL/ru
with its Russian page. A symbol staff changed keeps answering (SymbolRedirect), so that
no citation breaks; a current symbol wins over a former one.
"""

import re

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Upper
from django.http import Http404, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views import View

from documents.models import Document, SymbolRedirect
from forum.core.i18n import LANGUAGE_CODES

# Longer than any symbol can be (current or former): found nowhere, so not looked for.
MAX_LENGTH = min(
    Document._meta.get_field("symbol").max_length,
    SymbolRedirect._meta.get_field("symbol").max_length,
)
# No symbol holds a control character, and PostgreSQL refuses a NUL in a string (a 500).
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def readings(path):
    """
    The (symbol, language) pairs ``path`` may mean, in the order they are tried: the
    whole path as a symbol (language: the reader's), then, where its last segment names
    a site language, the rest as a symbol in that language. None of an impossible length
    or with a control character.
    """
    path = path.rstrip("/")
    pairs = [(path, None)]
    head, _slash, last = path.rpartition("/")
    if last.lower() in LANGUAGE_CODES:
        pairs.append((head, last.lower()))
    return [
        (symbol, language)
        for symbol, language in pairs
        if symbol and len(symbol) <= MAX_LENGTH and not CONTROL.search(symbol)
    ]


def first_match(documents, column, pairs):
    """
    The document of ``documents`` whose ``column`` is the symbol of the earliest of
    ``pairs`` (compared in capitals, as PostgreSQL writes them: the index on the symbol,
    and the trigger that keeps former symbols, use its upper() too), with that pair's
    place as ``reading``; None where none is. One query.
    """
    symbols = [Upper(Value(symbol)) for symbol, _language in pairs]
    reading = Case(
        *(When(**{column: symbol}, then=Value(n)) for n, symbol in enumerate(symbols)),
        output_field=IntegerField(),
    )
    return (
        documents.filter(**{f"{column}__in": symbols})
        .annotate(reading=reading)
        .order_by("reading")
        .only("kind", "slug")
        .first()
    )


def resolve(path):
    """(the published document ``path`` names, the language asked for, or None); by
    current symbols first (one query), then by former ones (a second)."""
    pairs = readings(path)
    if not pairs:
        raise Http404
    published = Document.objects.published()
    document = first_match(
        published.alias(symbol_upper=Upper("symbol")), "symbol_upper", pairs
    ) or first_match(published, "former_symbols__symbol", pairs)
    if document is None:
        raise Http404
    return document, pairs[document.reading][1]


class PermalinkView(View):
    """/s/<symbol>[/<language>]: a redirect (302: the symbol may be given to another
    version of the page) to the document's page. Any query string is left behind."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, symbol):
        document, language = resolve(symbol)
        negotiated = language is None
        if negotiated:
            # The language cookie, then Accept-Language, else LANGUAGE_CODE.
            language = translation.get_language_from_request(request)
        with translation.override(language):
            response = HttpResponseRedirect(document.get_absolute_url())
        if negotiated:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
