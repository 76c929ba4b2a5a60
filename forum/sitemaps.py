from forum.core.sitemaps import NamedPagesSitemap, PublishedSitemap
from forum.models import Session


class PagesSitemap(NamedPagesSitemap):
    changefreq = "daily"
    names = ("forum:home", "forum:sessions", "forum:committee", "documents:list")


class SessionSitemap(PublishedSitemap):
    changefreq = "monthly"
    key = "number"  # unique: the sessions in the order readers know them
    url_name = "forum:session"
    arguments = {"number": "number"}

    def items(self):
        return Session.objects.published()
