from documents.models import Document, Initiative
from forum.core.sitemaps import PublishedSitemap


class DocumentSitemap(PublishedSitemap):
    changefreq = "monthly"
    url_name = "documents:detail"
    arguments = {"slug": "slug"}

    def items(self):
        return Document.objects.published()


class InitiativeSitemap(PublishedSitemap):
    changefreq = "monthly"
    url_name = "documents:initiative"
    arguments = {"slug": "declaration__slug", "number": "number"}

    def items(self):
        return Initiative.objects.published()
