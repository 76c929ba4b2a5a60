"""The Content-Security-Policy header, with the one inline script the admin needs."""

import base64
import hashlib
import re
from functools import cache

from csp.middleware import CSPMiddleware
from django.conf import settings


@cache
def import_map_hash():
    """
    django-prose-editor loads its modules through an inline <script type="importmap">,
    which a policy without 'unsafe-inline' blocks unless it names the script's hash.
    The map only lists static files, so its hash is the same on every admin page.
    """
    from django_prose_editor.widgets import importmap

    body = re.search(r">(.*)</script>", str(importmap), re.S).group(1)
    digest = hashlib.sha256(body.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(f"/{settings.ADMIN_URL}"):
            update = getattr(response, "_csp_update", None) or {}
            response._csp_update = {**update, "script-src": [import_map_hash()]}
        return super().process_response(request, response)
