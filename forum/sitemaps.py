from forum.core.sitemaps import NamedPagesSitemap, PublishedSitemap
from forum.models import Page, Session


class PagesSitemap(NamedPagesSitemap):
    changefreq = "daily"
    names = (
        "forum:home",
        "forum:sessions",
        "forum:participation",
        "forum:committee",
        "documents:list",
        "documents:news",
    )


class SessionSitemap(PublishedSitemap):
    changefreq = "monthly"
    key = "number"  # unique: the sessions in the order readers know them
    url_name = "forum:session"
    arguments = {"number": "number"}

    def items(self):
        return Session.objects.published()


class PageSitemap(PublishedSitemap):
    """The institutional pages staff write (about, contact, accreditation…)."""

    changefreq = "monthly"
    url_name = "forum:page"
    arguments = {"slug": "slug"}

    def items(self):
        return Page.objects.published()
