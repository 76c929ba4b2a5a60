"""
``reverse()``, remembered: a list page names dozens of addresses, and Django's reverse
costs more than the rest of writing a link. The same name, arguments, language and script
prefix give the same address while the URLconf stays the same (it changes only in tests,
which clear this as Django clears its own URL caches).
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.urls import reverse as django_reverse
from django.utils.translation import get_language


def reverse(viewname, *, args=None, kwargs=None):
    key = (
        viewname,
        tuple(args or ()),
        tuple(sorted((kwargs or {}).items())),
        get_language(),
        get_script_prefix(),
    )
    try:
        hash(key)
    except TypeError:  # an argument that cannot be a key (a list, say): not remembered
        return django_reverse(viewname, args=args, kwargs=kwargs)
    return _reverse(*key)


# Bounded, and fed by the site's own content (models' get_absolute_url, named pages),
# never by what a request made up: a few hundred bytes an address.
@functools.lru_cache(maxsize=8192)
def _reverse(viewname, args, kwargs, language, prefix):
    return django_reverse(viewname, args=args or None, kwargs=dict(kwargs) or None)


@receiver(setting_changed)
def _urls_changed(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        _reverse.cache_clear()
