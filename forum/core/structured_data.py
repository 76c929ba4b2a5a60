"""
What other sites read of a page: schema.org data as JSON-LD, for search engines and link
previews. The shapes every site shares live here (a block written safely, an
organisation, a breadcrumb trail, a list of links, dates as schema.org writes them); the
domains build their own types (forum/structured_data.py, documents/structured_data.py)
from what their views have already loaded, so that no page asks the database more.

A builder returns a node (a dict without "@context") or None where there is nothing to
say; empty values are left out when the block is written, so builders name every
property plainly.
"""

import datetime
import json

from django.utils.text import Truncator
from markupsafe import Markup

CONTEXT = "https://schema.org"

# As Django's json_script: no "<", ">" or "&" of the content can close the element or
# open a comment ("</script>", "<!--"); JSON reads the escapes back as the same text.
_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))

DESCRIPTION_LENGTH = 500  # characters: what a preview shows, and more


def json_ld(nodes):
    """A <script type="application/ld+json"> of a node, or of several (an iterable, None
    ones left out) as one @graph; nothing where none is left."""
    if isinstance(nodes, dict):
        nodes = [nodes]
    nodes = [compact(node) for node in nodes or () if node]
    if not nodes:
        return Markup("")
    data = {"@context": CONTEXT, **(nodes[0] if len(nodes) == 1 else {"@graph": nodes})}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _ESCAPES:
        text = text.replace(character, escape)
    return Markup(f'<script type="application/ld+json">{text}</script>')


def compact(value):
    """The value without its empty properties (None, "", [], {}), at every depth; lazy
    translations and other text-like values as plain text."""
    if isinstance(value, dict):
        pairs = ((key, compact(item)) for key, item in value.items())
        return {key: item for key, item in pairs if item not in (None, "", [], {})}
    if isinstance(value, (list, tuple)):
        items = (compact(item) for item in value)
        return [item for item in items if item not in (None, "", [], {})]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return iso_date(value)
    return str(value)  # a lazy translation, a Localized text


def iso_date(value, month_only=False):
    """A schema.org Date or DateTime (ISO 8601): "2023-05-21", "2023-05" where only the
    month is known (never a made-up day), "2025-09-21T10:00:00+04:00"."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    return f"{value:%Y-%m}" if month_only else value.isoformat()


def text(value, length=DESCRIPTION_LENGTH):
    """Plain text cut to ``length`` characters at most (a description, not the full text)."""
    return Truncator(str(value or "")).chars(length) or None


def reference(node):
    """A pointer to a node given in full elsewhere: its @id, with enough to stand alone
    for a reader that does not follow it."""
    if not node:
        return None
    return {key: node[key] for key in ("@type", "@id", "name", "url") if node.get(key)}


def organization(name, url=None, node_id=None, **properties):
    return {"@type": "Organization", "@id": node_id, "name": name, "url": url, **properties}


def person(name, **properties):
    return {"@type": "Person", "name": name, **properties}


def breadcrumb_list(trail):
    """A BreadcrumbList of (name, absolute url) pairs from the top down, as the page shows
    them; the last may be the page itself."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, 1)
        ],
    }


def item_list(items, start=1):
    """An ItemList of (name, absolute url) pairs, numbered from ``start`` (a list's later
    pages go on from the earlier ones)."""
    return {
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "url": url}
            for position, (name, url) in enumerate(items, start)
        ],
    }
