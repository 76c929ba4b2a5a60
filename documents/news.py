"""
The Secretariat's news: its press releases and statements (NEWS_KINDS), with a list of
their own, newest first and by year, a page each and a feed. They are documents like the
others (the same workflow, search and files); their address is under /<lang>/news/.
"""

from collections import Counter

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.views import FilterView

from documents.feeds import DocumentFeed
from documents.models import NEWS_KINDS, Document, PublishedCount
from documents.views import DocumentDetailView


def news_years():
    """The years with public news, newest first: the kept counts (a few rows), less what is
    scheduled for later (as PublishedCount.objects.by_kind counts)."""
    stored = (
        PublishedCount.objects.filter(kind__in=NEWS_KINDS)
        .order_by()
        .values_list("year")
        .annotate(documents=Sum("documents"))
    )
    scheduled = (
        Document.objects.scheduled()
        .filter(kind__in=NEWS_KINDS)
        .order_by()
        .values_list(ExtractYear("date"))
        .annotate(documents=-Count("pk"))
    )
    years = Counter()
    for year, documents in stored.union(scheduled, all=True):
        years[year] += documents
    return sorted((year for year, documents in years.items() if documents > 0), reverse=True)


FOUR_DIGITS = RegexValidator(r"^[0-9]{4}\Z", gettext_lazy("Enter a year of four digits."))


class YearField(forms.IntegerField):
    """A year as four ASCII digits: one address for each year (not ٢٠٢٥, nor 02025)."""

    def to_python(self, value):
        if value not in self.empty_values:
            FOUR_DIGITS(str(value).strip())
        return super().to_python(value)


class YearFilter(django_filters.Filter):
    field_class = YearField


class NewsFilter(django_filters.FilterSet):
    # Offered as the years with news; any other year is a valid one with none.
    year = YearFilter(
        label=gettext_lazy("Year"),
        field_name="date",
        lookup_expr="year",
        min_value=1990,
        max_value=2100,
    )

    class Meta:
        model = Document
        fields = ["year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = news_years()


class NewsListView(FilterView):
    filterset_class = NewsFilter
    template_name = "documents/news_list.html"
    context_object_name = "news"
    paginate_by = 10
    query_parameters = ("year", "page")  # what the page cache keys on

    def get_queryset(self):
        return Document.objects.for_listing().filter(kind__in=NEWS_KINDS)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response


class NewsDetailView(DocumentDetailView):
    """A press release or statement, at its address under news/."""

    template_name = "documents/document_detail.html"
    news = True

    def get_queryset(self):
        return super().get_queryset().filter(kind__in=NEWS_KINDS)


class NewsFeed(DocumentFeed):
    """The news alone: the documents' feed of the two kinds, filters and all."""

    def title(self):
        return _("Baku Security Forum: news")

    def subtitle(self):
        return _("Press releases and statements of the Secretariat of the Baku Security Forum.")

    def link(self, filterset):
        return reverse("documents:news")

    def feed_url(self, filterset):
        return reverse("documents:news-feed")

    def items(self, filterset):
        return filterset.qs.filter(kind__in=NEWS_KINDS)[: self.limit]
