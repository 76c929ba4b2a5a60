"""The benchmark's yardstick: the cheapest page Django can serve with these settings."""

from django.shortcuts import render

from forum.core.cache import PublicPageCacheMiddleware

PATH = "/_bench/baseline/"


def baseline(request):
    return render(request, "bench/baseline.html", {"title": "Baseline"})


class PageCacheExceptBaseline(PublicPageCacheMiddleware):
    def __init__(self, get_response):
        super().__init__(get_response)
        self.excluded += (PATH,)
