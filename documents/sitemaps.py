from django.http import Http404

from documents.models import NEWS_KINDS, Document, Initiative
from forum.core.sitemaps import Location, PublishedSitemap


class DocumentSitemap(PublishedSitemap):
    """Every public document, the news at their address under news/: a page is one run of
    keys whatever the kinds, so news leave no holes in the pages."""

    changefreq = "monthly"
    url_name = "documents:detail"
    news_url_name = "documents:news-item"
    arguments = {"slug": "slug"}

    def items(self):
        return Document.objects.published()

    def groups(self, number, origin):
        documents, news = [], []
        for slug, kind, lastmod in self.rows(number, extra=["kind"]):
            (news if kind in NEWS_KINDS else documents).append((slug, lastmod))
        if not (documents or news) and number > 1:
            raise Http404
        return [
            (Location(self.url_name, self.arguments, origin), documents),
            (Location(self.news_url_name, self.arguments, origin), news),
        ]


class InitiativeSitemap(PublishedSitemap):
    changefreq = "monthly"
    url_name = "documents:initiative"
    arguments = {"slug": "declaration__slug", "number": "number"}

    def items(self):
        return Initiative.objects.published()
