"""
Suggestions while a reader types in the document search (documents/static/documents/
suggest.js): published documents whose title has a word starting with what was typed,
or whose symbol starts with it (BSF/3/…), and the sessions and people the public pages
show, by number, year, theme, city or name; matched in every language version and shown
in the page's language.

Each query is bounded by a LIMIT, and there are few: the symbols alone for a symbol;
otherwise the sessions, the people, and the newest documents (two: where the newest end,
then their titles).
"""

import functools
import re

from django.contrib.postgres.search import SearchQueryField
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, Subquery, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Upper
from django.utils import translation
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext

from documents.models import Document
from forum.core.i18n import LANGUAGE_CODES, in_every_language, localized
from forum.core.reversing import reverse
from forum.core.templating import date
from forum.core.textsearch import az_fold
from forum.models import Committee, CommitteeMember, Person, Session
from forum.templating import session_dates

MIN_LENGTH = 2
MAX_LENGTH = 100
LIMIT = 8
# At most this many sessions and people among the suggestions; documents fill the rest.
SESSIONS, PEOPLE = 2, 3
# Titles are suggested from the newest this many documents (_documents says why).
RECENT = 2000
# More words than this are not typed into a search field by hand.
MAX_WORDS = 8
# A title can run to 500 characters.
LABEL_LENGTH = 120

# A symbol or the start of one, as documents.search.SYMBOL reads it: letters, a slash…
SYMBOL_START = re.compile(r"[A-Za-z]{2,}/[\w./-]*")
WORD = re.compile(r"[^\W_]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# One word of _title_query(): a stop word, or the word as written and as stemmed.
WORD_QUERY = """(CASE
    WHEN numnode(to_tsquery('english', %s)) = 0 OR numnode(to_tsquery('russian', %s)) = 0
    THEN ''::tsquery
    ELSE to_tsquery('simple', %s) || to_tsquery('english', %s) || to_tsquery('russian', %s)
END)"""
# The last word, still being typed: a stop word may be the start of another ("for" of
# "forum"), so it is looked for as written, or left out (the words before it alone).
STOP_WORD = "(numnode(to_tsquery('english', %s)) = 0 OR numnode(to_tsquery('russian', %s)) = 0)"

DOCUMENT_COLUMNS = ["kind", "slug", "symbol", "date", "original_language",
                    *in_every_language("title")]  # fmt: skip
SESSION_COLUMNS = ["number", "start_date", "end_date", "date_precision", "original_language",
                   *in_every_language("city")]  # fmt: skip


def suggest(text, language, limit=LIMIT):
    """
    Up to ``limit`` suggestions for ``text``, in ``language``: dicts of ``kind``
    ("document", "symbol", "session" or "person"), ``label``, ``lang`` (the label's
    language: another where a translation is missing), ``url`` (an absolute path in
    ``language``) and ``detail``. None for a text shorter than MIN_LENGTH or longer than
    MAX_LENGTH, or without a letter or digit: an empty list.
    """
    text = " ".join(CONTROL.sub(" ", text or "").split())
    words = list({az_fold(word): word for word in WORD.findall(text)}.values())[:MAX_WORDS]
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH or not words:
        return []
    with translation.override(language):
        if SYMBOL_START.fullmatch(text):
            return [_symbol(document) for document in _symbols(text, limit)]
        sessions = [_session(session) for session in _sessions(words, min(SESSIONS, limit))]
        people = [_person(person) for person in _people(words, min(PEOPLE, limit - len(sessions)))]
        documents = _documents(words, limit - len(sessions) - len(people))
        return [*map(_document, documents), *sessions, *people]


def _symbols(text, limit):
    """Published documents whose symbol starts with ``text``, in any case: the first
    found in documents_symbol_idx, sorted here (the index's order is not the collation's:
    an ORDER BY would sort every match, and BSF/ matches all)."""
    found = (
        Document.objects.published()
        .alias(symbol_upper=Upper("symbol"))
        .filter(symbol_upper__startswith=text.upper())
        .only(*DOCUMENT_COLUMNS)
        .order_by()[:limit]
    )
    return sorted(found, key=lambda document: document.symbol.upper())


def _title_query(words):
    """
    Each of ``words`` at the start of a word of a title, or of the symbol (weight A), in
    any language version.

    Titles are indexed folded (Azerbaijani: forum.core.textsearch) or stemmed (English,
    Russian: security → secur). A word is looked for folded, as the start of a word;
    stemmed, as the start of a stem (policy → polici:*); and cut back by up to five
    letters, as a whole stem: a word typed past its stem ("securit") finds it (secur).
    A stop word of English or Russian (by, of, в), which their titles are indexed
    without, is left out: an empty query, which && drops; but for the last word, which
    may be the start of another ("for" of "forum"), looked for as written.
    """
    sql, params = [], []
    for word in words:
        lowered = word.replace("İ", "i").lower()
        stemmed = f"'{lowered}':*A"
        stems = [lowered[:end] for end in range(max(4, len(lowered) - 5), len(lowered))]
        written = " | ".join([f"'{az_fold(word)}':*A", *(f"'{stem}':A" for stem in stems)])
        sql.append(WORD_QUERY)
        params.append([stemmed, stemmed, written, stemmed, stemmed])
    # The last word, where it is a stop word: the start of a word, or left out.
    before = " && ".join(sql[:-1])
    before_params = [param for word_params in params[:-1] for param in word_params]
    stemmed, written = params[-1][0], params[-1][2]
    if before:
        as_stop = f"(({before}) && to_tsquery('simple', %s)) || ({before})"
        as_word = f"({before}) && {WORD_QUERY}"
        stop_params = [*before_params, written, *before_params]
        word_params = [*before_params, *params[-1]]
    else:
        as_stop, as_word = "to_tsquery('simple', %s)", WORD_QUERY
        stop_params, word_params = [written], params[-1]
    sql = [f"(CASE WHEN {STOP_WORD} THEN {as_stop} ELSE {as_word} END)"]
    params = [stemmed, stemmed, *stop_params, *word_params]
    return RawSQL(" && ".join(sql), params, output_field=SearchQueryField())


def _documents(words, limit):
    """
    Published documents among the newest RECENT with a title word starting with each of
    ``words``, newest first.

    Read newest first (documents_date_idx) until ``limit`` match: the few letters typed
    first match many titles, found in the first rows, and a word that no recent title
    has costs the reading of RECENT rows, no more. No index holds the titles apart from
    the full texts (where a word of few titles may be found in most documents, each read
    to look at its title), so the older documents are left to the search itself.
    """
    if limit <= 0:
        return []
    matches = Func(
        F("search_head"),
        _title_query(words),
        template="(%(expressions)s)",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )
    documents = Document.objects.published().filter(matches)
    # Where the newest RECENT end, from documents_date_idx alone (drafts included:
    # nothing of them is shown); a date, so that the planner sees how few rows follow.
    dates = Document.objects.order_by("-date", "-pk").values_list("date", flat=True)
    if start := dates[RECENT - 1 : RECENT].first():
        documents = documents.filter(date__gte=start)
    return documents.only(*DOCUMENT_COLUMNS).order_by("-date", "-pk")[:limit]


def _starting_words(words, *texts):
    """
    (condition, text): rows where each of ``words`` starts a word of one of ``texts``
    (columns or expressions, joined into ``text``), in any case: " ali" in " Ilham
    Aliyev". Read row by row: for the few rows of sessions and people.
    """
    spaced = Func(
        *texts,
        template="' ' || concat_ws(' ', %(expressions)s)",
        output_field=TextField(),
    )
    return Q(*(Q(text__icontains=" " + word) for word in words)), spaced


def _sessions(words, limit):
    """Published sessions whose name ("Session 3", in any language), year, theme or city
    (in any language) has a word starting with each of ``words``, the latest first."""
    if limit <= 0:
        return []
    # A word of every session's name (Session, Заседание…) takes every session.
    names = session_name_words()
    words = [w for w in words if not any(name.startswith(az_fold(w)) for name in names)]
    sessions = Session.objects.published()
    if words:
        condition, text = _starting_words(
            words,
            Cast("number", TextField()),
            Func(
                F("start_date"),
                template="to_char(%(expressions)s, 'YYYY')",
                output_field=TextField(),
            ),
            *in_every_language("theme", "city"),
        )
        sessions = sessions.alias(text=text).filter(condition)
    return sessions.only(*SESSION_COLUMNS).order_by("-number")[:limit]


@functools.cache
def session_name_words():
    """The words of a session's name in every language, folded: session, iclas…"""
    words = set()
    for code in LANGUAGE_CODES:
        with translation.override(code):
            words.update(WORD.findall(az_fold(gettext("Session %(number)s") % {"number": ""})))
    return frozenset(words)


def _people(words, limit):
    """People the public pages name (authors of published documents, members of the
    committee the committee page shows) with a name word starting with each of
    ``words``, in any language version."""
    if limit <= 0:
        return []
    condition, text = _starting_words(words, *in_every_language("name"))
    committee = Committee.objects.published().order_by("-published_at").values("pk")[:1]
    members = CommitteeMember.objects.filter(committee=Subquery(committee))
    language = translation.get_language()
    return (
        Person.objects.alias(text=text)
        .filter(condition)
        .annotate(
            is_author=Exists(Document.objects.published().filter(author_person=OuterRef("pk"))),
            is_member=Exists(members.filter(person=OuterRef("pk"))),
        )
        .filter(Q(is_author=True) | Q(is_member=True))
        .only(*in_every_language("name", "position"))
        .order_by(f"name_{language if language in LANGUAGE_CODES else 'en'}", "pk")[:limit]
    )


def _label(text):
    return Truncator(str(text)).chars(LABEL_LENGTH)


def _document(document):
    title = localized(document, "title")
    return {
        "kind": "document",
        "label": _label(title),
        "lang": title.language,
        "url": document.get_absolute_url(),
        "detail": f"{document.get_kind_display()} · {date(document.date)}",
    }


def _symbol(document):
    return {
        "kind": "symbol",
        "label": document.symbol,
        "lang": translation.get_language(),
        "url": document.get_absolute_url(),
        "detail": _label(localized(document, "title")),
    }


def _session(session):
    return {
        "kind": "session",
        "label": str(session),
        "lang": translation.get_language(),
        "url": session.get_absolute_url(),
        "detail": f"{session_dates(session)} · {localized(session, 'city')}",
    }


def _person(person):
    name = localized(person, "name")
    if person.is_author:
        url = reverse("documents:list") + "?" + urlencode({"author": str(name)})
    else:
        url = reverse("forum:committee")
    return {
        "kind": "person",
        "label": _label(name),
        "lang": name.language,
        "url": url,
        "detail": _label(localized(person, "position")),
    }
