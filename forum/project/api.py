"""
The open-data API's addresses: /api/v1/ and its resources, the OpenAPI schema made from
the code (drf-spectacular) and its interactive documentation, served from this site.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import include, path, re_path
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from documents import api as documents_api
from documents.models import DataLicence
from forum import api as forum_api
from forum.core.api import Public, api_url
from forum.core.reversing import reverse

app_name = "api"

router = SimpleRouter()
router.register("sessions", forum_api.SessionViewSet, basename="session")
router.register("documents", documents_api.DocumentViewSet, basename="document")
router.register("news", documents_api.NewsViewSet, basename="news")
router.register("initiatives", documents_api.InitiativeViewSet, basename="initiative")
router.register("committees", forum_api.CommitteeViewSet, basename="committee")
router.register("people", documents_api.PersonViewSet, basename="person")
router.register("organisations", documents_api.OrganisationViewSet, basename="organisation")
router.register("pages", forum_api.PageViewSet, basename="page")

DESCRIPTION = """
The published record of the Baku Security Forum as data: sessions and who took part,
documents in every language version (with their files and checksums), the initiatives of
its declarations, the Organizing Committee and its Secretariat. Drafts and anything not
yet published never appear.

* **Read-only**, JSON, no key. CORS is open for GET.
* **Languages.** Texts come in every language side by side (`az`, `en`, `ru`; `null`
  where not written). `?lang=` or `Accept-Language` picks the language of the labels.
* **Documents** take the filters of the site's list (`/en/documents/`): `kind` (repeat it
  for several), `session`, `year`, `date_from`, `date_to`, `author`, `country`,
  `language`, `q` (full-text search), `sort` (`-date`, `date`, `title`, `relevance`). A
  value that is not valid is a 400 saying what is wrong.
* **Pages** of 20 (`page_size` up to 100), with the total in `count` and `X-Total-Count`,
  and `Link` headers (first, prev, next, last).
* **Caching.** Answers carry `ETag` and `Last-Modified`; a conditional request gets a 304.
  They change when published content does.
* **Rate limit.** {rate} per client address reach the server; answers served from the
  cache do not count. Beyond that: 429, with `Retry-After` in seconds.
* **Bulk.** The whole catalogue, one row per document language version, as CSV and JSON
  Lines: `/data/documents.csv`, `/data/documents.jsonl` (`/en/data/` explains them).
* **Citing.** A document with a symbol answers at `/s/<symbol>` (`/s/BSF/3/DECL`, or
  `/s/BSF/3/DECL/ru` for one language), also after the symbol changes.
"""


def description():
    count, _slash, period = settings.API_THROTTLE_RATE.partition("/")
    unit = {"s": "second", "m": "minute", "h": "hour", "d": "day"}[period[:1]]
    return DESCRIPTION.format(rate=f"{count} requests a {unit}").strip()


class SchemaView(Public, SpectacularAPIView):
    """The OpenAPI 3 schema of this API, made from its code: JSON, or YAML at schema.yaml."""

    renderer_classes = [OpenApiJsonRenderer]
    schema = None  # not an operation of the API

    def get(self, request, *args, **kwargs):
        self.custom_settings = {"DESCRIPTION": description()}
        return super().get(request, *args, **kwargs)

    def _get_schema_response(self, request):
        # Made once a process for each language (and rate stated): it reads only the code.
        key = (translation.get_language(), settings.API_THROTTLE_RATE)
        if key not in _schemas:
            _schemas[key] = super()._get_schema_response(request)
        made = _schemas[key]
        return Response(made.data, headers={"Content-Disposition": made["Content-Disposition"]})


_schemas = {}


class YamlSchemaView(SchemaView):
    renderer_classes = [OpenApiYamlRenderer]


class DocumentationView(Public, SpectacularSwaggerView):
    """
    The schema read in Swagger UI, its files from this site (drf-spectacular-sidecar) and
    started by a static script of ours (forum/js/api-docs.js), so that the page keeps the
    site's CSP and sets no cookie: the API is read-only, so it needs no CSRF token, which
    drf-spectacular's own start-up script would put in one.
    """

    throttle_classes = []
    schema = None  # not an operation of the API
    template_name = "api/documentation.html"
    title = _("Baku Security Forum: open data API")

    def get(self, request, *args, **kwargs):
        return Response(
            {
                "title": self.title,
                "swagger_ui_css": self._swagger_ui_resource("swagger-ui.css"),
                "swagger_ui_bundle": self._swagger_ui_resource("swagger-ui-bundle.js"),
                "favicon_href": self._swagger_ui_favicon(),
                "schema_url": reverse("api:schema"),
            },
            template_name=self.template_name,
        )


class RootView(Public, APIView):
    """What the API offers: its resources, its documentation, the bulk files, the licence."""

    throttle_classes = []
    schema = None  # not an operation of the API

    def get(self, request):
        def absolute(name, **kwargs):
            return request.build_absolute_uri(reverse(name, kwargs=kwargs))

        licence = DataLicence.objects.first()
        return Response(
            {
                **{
                    prefix: api_url(request, f"{basename}-list")
                    for prefix, _viewset, basename in router.registry
                },
                "schema": api_url(request, "schema"),
                "documentation": api_url(request, "documentation"),
                "bulk": {
                    "csv": absolute("data-file", filename="documents.csv"),
                    "jsonl": absolute("data-file", filename="documents.jsonl"),
                    "about": absolute("documents:data"),
                },
                "licence": documents_api.DataLicenceSerializer(licence).data if licence else None,
            }
        )


def not_found(request, rest):
    """Any other address under /api/: a 404 in JSON, as the API's own are."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns = [
    path("", lambda request: redirect("api:root"), name="index"),
    path("v1/", RootView.as_view(), name="root"),
    path("v1/schema/", SchemaView.as_view(), name="schema"),
    path("v1/schema.yaml", YamlSchemaView.as_view(), name="schema-yaml"),
    path("v1/docs/", DocumentationView.as_view(), name="documentation"),
    path("v1/", include(router.urls)),
    re_path(r"^(?P<rest>.*)$", not_found),
]
