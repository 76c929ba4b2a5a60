from documents.models import Document, Initiative
from forum.sitemaps import TranslatedSitemap


class DocumentSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return Document.objects.published().only("slug", "updated_at").order_by("pk")


class InitiativeSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Initiative.objects.published()
            .select_related("declaration")
            .only("number", "updated_at", "declaration__slug")
            .order_by("pk")
        )
