"""
What every endpoint of the open-data API shares (Django REST framework): read-only views
of published content, the language of their labels, pages with totals and Link headers,
a rate limit per client, and the list's own filters.

The API reads as the public pages do: published content only, whoever asks (it
authenticates nobody, so a member of staff sees what a reader sees), through the same
page cache (forum/core/cache.py: one entry per address and language, dropped when content
changes, with ETag, Last-Modified and 304). Texts always come in every language, side by
side; ``?lang=`` or Accept-Language picks the language of the labels only (a kind's name,
a country's).
"""

import ipaddress
import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils.urls import remove_query_param, replace_query_param

from forum.core.cache import CACHE_ERRORS
from forum.core.clients import client_ip
from forum.core.i18n import LANGUAGE_CODES
from forum.core.reversing import reverse

logger = logging.getLogger(__name__)

LANGUAGE_PARAMETER = "lang"


def negotiated_language(request):
    """The language of the labels: ``?lang=`` where it names a site language, else the
    first of Accept-Language the site has, else the site's default. Not the language
    cookie: an API client's answer depends on its request alone."""
    asked = request.GET.get(LANGUAGE_PARAMETER)
    if asked in LANGUAGE_CODES:
        return asked
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in translation.trans_real.parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def client(request):
    """Who is counted: the client's address; for IPv6 its /64, which any one client has
    whole (as the pages' throttle counts, django-ratelimit's RATELIMIT_IPV6_MASK)."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return address
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)


class PublicThrottle(SimpleRateThrottle):
    """
    API_THROTTLE_RATE requests per client address (forum.core.clients; an IPv6 client by
    its /64, as the pages' throttle counts) that reach the app; cached answers never do,
    so never count. Counted in the shared cache, so every app server counts together; a
    cache that fails lets requests through. Beyond the rate: 429 with Retry-After.
    """

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client(request)}

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS as error:
            logger.warning("API throttle skipped, the cache failed: %r", error)
            return True


class Pages(PageNumberPagination):
    """
    Numbered pages of ``page_size`` items (20, at most 100), with the total: in the body
    (count, next, previous) and in the headers (Link: first, prev, next, last;
    X-Total-Count). A view with a ``total()`` gives the count itself (the documents',
    read from the counts the database keeps), where counting would scan the archive.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        """``page_size`` as given, a whole number from 1 to 100; anything else is a 400."""
        given = request.query_params.get(self.page_size_query_param)
        if given is None:
            return self.page_size
        if not (given.isascii() and given.isdigit() and 1 <= int(given) <= self.max_page_size):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(most)d.") % {"most": self.max_page_size}
                    ]
                }
            )
        return int(given)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
            else:
                parameter["allowEmptyValue"] = True  # ?page= is the first page
        return parameters

    def django_paginator_class(self, queryset, per_page, *args, **kwargs):
        # Called where DRF makes its paginator: Django's, its count given where known.
        paginator = super().django_paginator_class(queryset, per_page, *args, **kwargs)
        if hasattr(self.view, "total"):
            paginator.count = self.view.total()
        return paginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        links = {
            "first": self.page_link(1) if self.page.number > 1 else None,
            "prev": self.get_previous_link(),
            "next": self.get_next_link(),
            "last": (
                self.page_link(self.page.paginator.num_pages)
                if self.page.number < self.page.paginator.num_pages
                else None
            ),
        }
        if any(links.values()):
            response["Link"] = ", ".join(
                f'<{url}>; rel="{rel}"' for rel, url in links.items() if url
            )
        response["X-Total-Count"] = str(self.page.paginator.count)
        return response

    def page_link(self, number):
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["required"] = ["count", "next", "previous", "results"]
        return schema


class FilterSetBackend(DjangoFilterBackend):
    """django-filter's backend, keeping the filters on the view: its total reads them."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class Schema(AutoSchema):
    """Every operation: the ``lang`` parameter, and the errors it may answer with."""

    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                LANGUAGE_PARAMETER,
                OpenApiTypes.STR,
                enum=LANGUAGE_CODES,
                description=str(
                    _(
                        "The language of the labels (kinds, countries, languages); else "
                        "Accept-Language. Texts always come in every language."
                    )
                ),
            ),
        ]

    def _get_filter_parameters(self):
        # As on the site's forms, an empty filter is no filter (?year=&kind=address).
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {"429": (DETAIL, _("Too many requests: wait as Retry-After says."))}
        if self._is_list_view():
            errors["400"] = (FIELD_ERRORS, _("A parameter's value is not valid."))
            errors["404"] = (DETAIL, _("No such page of results."))
        else:
            errors["400"] = (FIELD_ERRORS, _("A parameter's value is not valid."))
            errors["404"] = (DETAIL, _("Not found, or not published."))
        for status, (schema, description) in errors.items():
            responses[status] = self._get_response_for_code(dict(schema), status)
            responses[status]["description"] = str(description)
        return responses


# The bodies of errors: DRF's {"detail": …}, and {parameter: [what is wrong]} for a 400.
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "description": "For each parameter in error, what is wrong with it.",
}


class Public:
    """
    An API view of published content, for reading. ``query_parameters`` are what the page
    cache keys on (with the negotiated language): a parameter missing from them would be
    dropped before the view sees it.
    """

    http_method_names = ["get", "head", "options"]
    query_parameters = (LANGUAGE_PARAMETER,)
    negotiated_language = staticmethod(negotiated_language)
    throttle_classes = [PublicThrottle]
    filter_backends = [FilterSetBackend]
    pagination_class = Pages

    def initial(self, request, *args, **kwargs):
        asked = request.query_params.get(LANGUAGE_PARAMETER)
        if asked is not None and asked not in LANGUAGE_CODES:
            raise ValidationError(
                {LANGUAGE_PARAMETER: [_("Choose one of: %s.") % ", ".join(LANGUAGE_CODES)]}
            )
        translation.activate(negotiated_language(request))
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response


class PublicViewSet(Public, viewsets.ReadOnlyModelViewSet):
    """A read-only resource of published content: a list in pages, and each item."""

    query_parameters = ("page", "page_size", LANGUAGE_PARAMETER)
    schema = Schema()


class Translated(serializers.Field):
    """A translated field as {language: text or null}, in every site language."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return {
            code: getattr(instance, f"{self.source}_{code}", None) or None
            for code in LANGUAGE_CODES
        }

    def to_representation(self, value):
        return value


extend_schema_field(
    {
        "type": "object",
        "properties": {code: {"type": "string", "nullable": True} for code in LANGUAGE_CODES},
        "required": LANGUAGE_CODES,
        "description": "The text in each language; null where it is not written.",
    }
)(Translated)


class PageLinks(serializers.Field):
    """The public page of an item in each language: {language: absolute URL}."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, item):
        request = self.context["request"]
        links = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                links[code] = request.build_absolute_uri(item.get_absolute_url())
        return links


extend_schema_field(
    {
        "type": "object",
        "properties": {code: {"type": "string", "format": "uri"} for code in LANGUAGE_CODES},
        "required": LANGUAGE_CODES,
        "description": "The item's page on the site, in each language.",
    }
)(PageLinks)


class Label(serializers.Field):
    """The label of a choice field, in the language of the labels."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return getattr(instance, f"get_{self.source}_display")()

    def to_representation(self, value):
        return str(value) if value else None


extend_schema_field({"type": "string", "nullable": True})(Label)


class OriginalLanguage(serializers.Field):
    """The language of the original text; null where no source says which it is."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, code):
        return code or None


extend_schema_field(
    {
        "type": "string",
        "enum": LANGUAGE_CODES,
        "nullable": True,
        "description": "The language of the original text; null where no source says.",
    }
)(OriginalLanguage)


class CountryField(serializers.Field):
    """A country as {code, name}: the ISO code, and the name in the language of the labels;
    null where none is set."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, country):
        if not country:
            return None
        return {"code": country.code, "name": str(country.name)}

    def get_attribute(self, instance):
        return super().get_attribute(instance) or None


extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
        "required": ["code", "name"],
    }
)(CountryField)


def api_url(request, name, **kwargs):
    """The absolute address of an API endpoint."""
    return request.build_absolute_uri(reverse(f"api:{name}", kwargs=kwargs))
