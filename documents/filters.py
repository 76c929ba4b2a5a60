"""The public document list's filters: every one a query parameter, so a list is a link."""

import functools

import django_filters
from django import forms
from django.conf import settings
from django.core.validators import EMPTY_VALUES
from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from documents import search
from documents.models import NEWEST_FIRST, Document, Kind, PublishedCount
from forum.core.i18n import LANGUAGE_CODES
from forum.models import Session

SORTS = {
    "-date": _("Newest first"),
    "date": _("Oldest first"),
    "title": _("Title A–Z"),
    "relevance": _("Relevance"),
}

# The filters the database keeps counts by (PublishedCount), besides the kind; the order
# changes no count.
COUNTED_BY = {"session", "year", "kind", "sort"}


def sort_options(searching):
    """The sort menu, its first choice (empty) what applies when none is chosen: relevance
    with a search, newest first without one; so that a new search submitted from the
    form is ranked, and the menu always shows the order of the list."""
    if searching:
        return [("", SORTS["relevance"]), *((v, n) for v, n in SORTS.items() if v != "relevance")]
    return [
        ("", SORTS["-date"]),
        *((v, n) for v, n in SORTS.items() if v not in ("-date", "relevance")),
    ]


def languages():
    return settings.LANGUAGES


@functools.cache
def _countries(language):
    return list(countries)


def country_choices():
    """The countries sorted by their names in the page's language: built once a language."""
    return _countries(get_language())


# The selects whose options depend on the language alone (not on the content): listed once
# a language, where Django normalises ~250 countries again at each rendering.
FIXED_OPTIONS = {"country", "language", "sort"}
_options = {}


class DocumentFilter(django_filters.FilterSet):
    """
    The filters in the order they apply: the text search after the others, as it keeps
    the newest matches of what they leave, and the order last. A search orders by
    relevance; without one, the list is newest first (NEWEST_FIRST, Document.Meta.ordering).
    """

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
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
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
        # Read when the choices are first needed (to validate or to show), in one query.
        # A function, not the bound method: forms deep-copy their fields' choices.
        self.filters["session"].extra["choices"] = lambda: self.session_choices

    @cached_property
    def sessions(self):
        return {
            str(session.number): session for session in Session.objects.published().only("number")
        }

    @cached_property
    def session_choices(self):
        # Named once a request: validating, showing and the active filters all read them.
        return [(number, str(session)) for number, session in self.sessions.items()]

    def filter_session(self, queryset, name, value):
        return queryset.filter(session=self.sessions[value])

    def filter_text(self, queryset, name, value):
        return queryset.search(value, spelling=self.spelling)

    def corrected(self):
        """These filters with the words searched for corrected (search.corrected), where
        they find nothing and the corrected ones find documents; else None. The list and
        its feed show what the corrected filters find."""
        query = self.searching()
        if not query or self.count():
            return None
        spelled = search.corrected(query, self.queryset)
        if not spelled:
            return None
        data = self.data.copy()
        data["q"] = spelled
        corrected = type(self)(data, queryset=self.queryset, request=self.request)
        return corrected if corrected.count() else None

    @cached_property
    def spelling(self):
        """The other spellings of the words searched for (search.Spelling), looked up once
        a request: the list, its counts and the page's notice all use them."""
        return search.spellings(self.searching())

    def filter_author(self, queryset, name, value):
        matches = Q()
        for code in LANGUAGE_CODES:
            matches |= Q(**{f"author_person__name_{code}__icontains": value.strip()})
            matches |= Q(**{f"author_organisation__name_{code}__icontains": value.strip()})
        return queryset.filter(matches)

    def filter_country(self, queryset, name, value: str):
        return queryset.filter(
            Q(author_person__country=value) | Q(author_organisation__country=value)
        )

    def filter_language(self, queryset, name, value: str):
        column = f"body_{value}"
        return queryset.exclude(**{f"{column}__isnull": True}).exclude(**{column: ""})

    def sort_by(self, queryset, name, value):
        if value == "relevance":
            # A search's own order; without one, the list's (newest first).
            return queryset
        if value == "date":
            return queryset.order_by("date", "pk")
        if value == "title":
            language = get_language() if get_language() in LANGUAGE_CODES else "en"
            return queryset.order_by(f"title_{language}", "title_en", "pk")
        return queryset.order_by(*NEWEST_FIRST)

    def options(self, name):
        """The (value, label) pairs of the select of filter ``name``, its empty choice first."""
        choices = self.form.fields[name].choices
        if name not in FIXED_OPTIONS:
            return list(choices)
        # Bounded: three fields, the site's languages, and the sort with or without a search.
        searching = name == "sort" and bool(self.searching())
        key = (name, get_language(), searching)
        if key not in _options:
            if name == "sort":
                choices = sort_options(searching)
            _options[key] = [(str(value), label) for value, label in choices]
        return _options[key]

    def searching(self):
        """The words searched for, where the filters are valid and hold some; else ""."""
        return (self.form.cleaned_data.get("q") or "") if self.is_valid() else ""

    @cached_property
    def counts_by_kind(self):
        """{kind: documents} of what the other filters leave, to show beside each kind:
        the same filters, the kinds aside. Of a session or a year, or of the whole
        archive, read from the counts the database keeps (a few rows, however large the
        archive); of other filters, counted in what they leave."""
        if self.is_bound and not self.is_valid():
            return {}
        counted_by = self.counted_by()
        if counted_by is not None:
            return PublishedCount.objects.by_kind(**counted_by)
        others = self
        if self.chosen_kinds():
            data = self.data.copy()
            data.pop("kind")
            others = type(self)(data, queryset=self.queryset, request=self.request)
            others.sessions, others.spelling = self.sessions, self.spelling  # once a request
        return dict(others.qs.order_by().values_list("kind").annotate(count=Count("pk")))

    def counted_by(self):
        """The session and year chosen ({"session": …, "year": …}, None where not chosen),
        where the filters chosen are all among those the database keeps counts by; else
        None."""
        cleaned = self.form.cleaned_data if self.is_bound else {}
        chosen = {name: value for name, value in cleaned.items() if value not in EMPTY_VALUES}
        if chosen.keys() - COUNTED_BY:
            return None
        session, year = chosen.get("session"), chosen.get("year")
        return {
            "session": None if session is None else self.sessions[session],
            "year": None if year is None else int(year),  # as date__year reads it
        }

    def chosen_kinds(self):
        """The kinds chosen, each once (?kind=report&kind=report counts the reports once)."""
        if not (self.is_bound and self.is_valid()):
            return []
        return list(dict.fromkeys(self.form.cleaned_data.get("kind") or []))

    def count(self):
        """
        How many documents the filters leave, for the paginator: the counts per kind (of
        the chosen kinds, or all) add up to it, so it needs no query of its own; except
        where a search kept only its newest matches before the kinds were chosen.
        """
        if self.is_bound and not self.is_valid():
            return 0
        counts = self.counts_by_kind
        if self.searching() and self.chosen_kinds() and sum(counts.values()) >= search.MAX_RESULTS:
            return self.qs.count()
        return sum(counts.get(kind, 0) for kind in self.chosen_kinds() or counts)
