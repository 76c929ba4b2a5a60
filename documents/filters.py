"""The public document list's filters: every one a query parameter, so a list is a link."""

import functools
from collections import Counter

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from documents.models import Document, Kind
from documents.search import search
from forum.core.i18n import LANGUAGE_CODES
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


@functools.cache
def _countries(language):
    return list(countries)


def country_choices():
    """The countries sorted by their names in the page's language: built once a language."""
    return _countries(get_language())


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
    # Choices set in __init__ and read in one query; a ModelChoiceFilter would query again
    # to validate and again, through a server-side cursor, to render its options.
    session = django_filters.ChoiceFilter(
        label=_("Session"),
        method="filter_session",
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
        choices=country_choices,
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # [(pk, kind)] of a full-text search's matches, where the database gave them.
        self.matches = None
        # Read when the choices are first needed (to validate or to show), in one query.
        # A function, not the bound method: forms deep-copy their fields' choices.
        self.filters["session"].extra["choices"] = lambda: self.session_choices()

    @cached_property
    def sessions(self):
        return {
            str(session.number): session for session in Session.objects.published().only("number")
        }

    def session_choices(self):
        return [(number, str(session)) for number, session in self.sessions.items()]

    def filter_session(self, queryset, name, value):
        return queryset.filter(session=self.sessions[value])

    def filter_text(self, queryset, name, value):
        return search(queryset, value)[0]

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
        queryset, self.matches = self._filtered(queryset)
        return queryset

    def _filtered(self, queryset, exclude=()):
        """(queryset, a search's matches or None): the text search last, as it takes the
        newest matches of what the other filters leave."""
        data = {k: v for k, v in self.form.cleaned_data.items() if k not in exclude}
        text = data.pop("q", None)
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        return search(queryset, text) if text else (queryset, None)

    def counts_by_kind(self):
        """{kind: documents} of what the other filters leave, to show beside each kind."""
        if not self.is_bound:
            queryset, matches = self.queryset, None
        elif not self.is_valid():
            return {}
        elif self.form.cleaned_data.get("kind"):
            queryset, matches = self._filtered(self.queryset, exclude={"kind"})
        else:
            queryset, matches = self.qs, self.matches
        if matches is not None:
            return dict(Counter(kind for _pk, kind in matches))
        return dict(queryset.order_by().values_list("kind").annotate(count=Count("pk")))

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
