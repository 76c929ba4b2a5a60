"""The staff page of what is missing, or out of date, in which language."""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.db.models.fields.json import KT
from django.db.models.lookups import LessThan
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from forum.core import registry
from forum.core.i18n import LANGUAGE_CODES, missing_language_q

LISTED = 25  # items shown per content type and language; the counts are complete


def outdated_q(model, language):
    """Rows whose translation into ``language`` predates the last change of the original."""
    condition = Q(pk__in=[])
    if not hasattr(model, "language_updated"):
        return condition
    for original in LANGUAGE_CODES:
        if original != language:
            translated = KT(f"language_updated__{language}")
            source = KT(f"language_updated__{original}")
            condition |= Q(Q(original_language=original), LessThan(translated, source))
    return condition


def outdated(queryset, language):
    """Items whose translation into ``language`` predates the last change of the original."""
    return queryset.filter(outdated_q(queryset.model, language))


def reported_models():
    """The registered content with translated texts and a list of its own in the admin."""
    return [model for model in registry.translatable() if admin.site.is_registered(model)]


class TranslationReportView(View):
    """Served by the admin site, which checks the staff login (forum/core/admin_site.py)."""

    template_name = "admin/core/translation_report.html"

    def get(self, request):
        show_all = "all" in request.GET
        names = dict(settings.LANGUAGES)
        rows, hidden = [], 0
        for model in reported_models():
            opts = model._meta
            if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
                continue
            queryset = model.objects.order_by("-pk")
            for language in LANGUAGE_CODES:
                missing = queryset.filter(missing_language_q(model, language))
                stale = outdated(queryset, language)
                missing_count, outdated_count = missing.count(), stale.count()
                if not (missing_count or outdated_count or show_all):
                    hidden += 1  # nothing to do: shown on asking
                    continue
                rows.append(
                    {
                        "model": opts.verbose_name_plural,
                        "language": language,
                        "language_name": names[language],
                        "missing_count": missing_count,
                        "outdated_count": outdated_count,
                        "missing": self.links(missing[:LISTED], language),
                        "outdated": self.links(stale[:LISTED], language),
                        "changelist": reverse(
                            f"admin:{opts.app_label}_{opts.model_name}_changelist"
                        )
                        + f"?missing={language}",
                    }
                )
        context = {
            **self.admin_site_context(request),
            "title": _("Translations: what is missing or out of date"),
            "rows": rows,
            "hidden": hidden,
            "show_all": show_all,
        }
        return TemplateResponse(request, self.template_name, context)

    def links(self, items, language):
        return [
            (
                str(item),
                reverse(
                    f"admin:{item._meta.app_label}_{item._meta.model_name}_change",
                    args=[item.pk],
                )
                + f"?language={language}#language-{language}",
            )
            for item in items
        ]

    def admin_site_context(self, request):
        return admin.site.each_context(request)
