"""
The address of the client behind a request: one answer for the login lockout
(django-axes) and for the throttle (forum.core.throttle).

Behind TRUSTED_PROXY_COUNT proxies, each of which appends the address it received the
request from to X-Forwarded-For, the client is the entry that many places from the
right: the proxy nearest the app adds the last one, and anything to its left of the
client's own entry was written by the client and proves nothing. With no trusted proxy
the header is ignored altogether.
"""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request):
    """The client's address (REMOTE_ADDR unless trusted proxies name another one)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        # django-ipware counts the proxies listed in the header after the client; the
        # proxy nearest the app is not among them (it is REMOTE_ADDR).
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"
