"""The public document list's filters: every one a query parameter, so a list is a link."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from documents.models import Document, Kind
from documents.search import search
from forum.i18n import LANGUAGE_CODES
from forum.models import Session

SORTS = {
    "-date": _("Newest first"),
    "date": _("Oldest first"),
    "title": _("Title A–Z"),
    "relevance": _("Relevance"),
}


def languages():
    from django.conf import settings

    return settings.LANGUAGES


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        # A column of the document itself: no join, so no duplicates to remove (and a
        # DISTINCT over every column would sort the whole result).
        distinct=False,
    )
    session = django_filters.ModelChoiceFilter(
        label=_("Session"),
        queryset=lambda request: Session.objects.published(),
        to_field_name="number",
        empty_label=_("Any session"),
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="date",
        lookup_expr="year",
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        field_name="date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    author = django_filters.CharFilter(
        label=_("Author"),
        method="filter_author",
        max_length=100,
        help_text=_("A name, in any language."),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=lambda: list(countries),
        method="filter_country",
        empty_label=_("Any country"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Full text in"),
        choices=languages,
        method="filter_language",
        empty_label=_("Any language"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=list(SORTS.items()),
        method="sort_by",
        empty_label=None,
    )

    class Meta:
        model = Document
        fields = []

    def filter_text(self, queryset, name, value):
        return search(queryset, value)

    def filter_author(self, queryset, name, value):
        matches = Q()
        for code in LANGUAGE_CODES:
            matches |= Q(**{f"author_person__name_{code}__icontains": value.strip()})
            matches |= Q(**{f"author_organisation__name_{code}__icontains": value.strip()})
        return queryset.filter(matches)

    def filter_country(self, queryset, name, value):
        return queryset.filter(
            Q(author_person__country=value) | Q(author_organisation__country=value)
        )

    def filter_language(self, queryset, name, value):
        column = f"body_{value}"
        return queryset.exclude(**{f"{column}__isnull": True}).exclude(**{column: ""})

    def sort_by(self, queryset, name, value):
        # The order is applied last, in ``qs``, once the search has ranked the rows.
        return queryset

    def filter_queryset(self, queryset):
        """The text search last: it takes the newest matches of what the rest left."""
        text = self.form.cleaned_data.get("q")
        others = {name: value for name, value in self.form.cleaned_data.items() if name != "q"}
        for name, value in others.items():
            queryset = self.filters[name].filter(queryset, value)
        return self.filter_text(queryset, "q", text) if text else queryset

    @property
    def qs(self):
        if not hasattr(self, "_ordered_qs"):
            self._ordered_qs = self._ordered(super().qs)
        return self._ordered_qs

    def _ordered(self, queryset):
        data = self.form.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or ("relevance" if data.get("q") else "-date")
        if sort == "relevance" and "rank" in queryset.query.annotations:
            return queryset.order_by("-rank", "-date", "-pk")
        if sort == "date":
            return queryset.order_by("date", "pk")
        if sort == "title":
            language = get_language() if get_language() in LANGUAGE_CODES else "en"
            return queryset.order_by(f"title_{language}", "title_en", "pk")
        return queryset.order_by("-date", "-pk")
