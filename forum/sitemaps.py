"""
Sitemaps: one <url> per page and language, each listing every language as an alternate.

Django's own i18n sitemaps build the (item, language) pairs of a whole section in memory
before paging them; these page the items in the database instead, so a page of the
sitemap costs the same whatever the size of the archive.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from forum.core.i18n import LANGUAGE_CODES
from forum.models import Session


class TranslatedSitemap(Sitemap):
    limit = 2000  # items per page, so 6,000 URLs with three languages
    queryset = None

    def items(self):
        return self.queryset.order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
            locations = {}
            for code in LANGUAGE_CODES:
                with translation.override(code):
                    locations[code] = f"{protocol}://{domain}{self.location(item)}"
            neutral = locations["en"].replace(f"://{domain}/en/", f"://{domain}/", 1)
            alternates = [{"location": loc, "lang_code": code} for code, loc in locations.items()]
            alternates.append({"location": neutral, "lang_code": "x-default"})
            lastmod = self.lastmod(item)
            urls.extend(
                {
                    "item": item,
                    "location": location,
                    "lastmod": lastmod,
                    "changefreq": self.changefreq,
                    "priority": "",
                    "alternates": alternates,
                }
                for location in locations.values()
            )
        return urls


class PagesSitemap(TranslatedSitemap):
    changefreq = "daily"
    pages = ["forum:home", "forum:sessions", "forum:committee", "documents:list"]

    def items(self):
        return self.pages

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return None

    def get_latest_lastmod(self):
        return None


class SessionSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return Session.objects.published().only("number", "updated_at").order_by("number")
