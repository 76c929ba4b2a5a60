"""
jQuery UI for the admin's language tabs, from the xstatic-jquery-ui package.

Only the one script is exposed: the package's stylesheets point at images it does not
ship, which would make collectstatic's hashing storage fail.
"""

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from xstatic.pkg import jquery_ui

PREFIX = "xstatic/jquery-ui/"
FILES = ["jquery-ui.min.js"]


class JQueryUIFinder(BaseFinder):
    storage = FileSystemStorage(location=jquery_ui.BASE_DIR)

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        name = path.removeprefix(PREFIX)
        if path.startswith(PREFIX) and name in FILES:
            found = self.storage.path(name)
            return [found] if find_all else found
        return [] if find_all else None

    def list(self, ignore_patterns):
        storage = FileSystemStorage(location=jquery_ui.BASE_DIR)
        storage.prefix = PREFIX.rstrip("/")
        for name in FILES:
            yield name, storage
