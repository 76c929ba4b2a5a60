"""
Attacks on the document search as an anonymous reader (review of 733df0e and ad647c4).

Each test here failed when written: it shows a finding, and passes once it is fixed.
"""

import datetime
import re
import time

import pytest
from django.db import connection
from django.utils import timezone

from documents.search import CLOSEST_SQL, NAMES_SQL
from forum.core.content import Status
from forum.core.textsearch import az_fold
from tests.documents.factories import AddressFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def shown_correction(response):
    """The corrected query the page announces ("" where it announces none)."""
    return response.context["query"] if response.context["typed"] else ""


def search(client, query, lang="en", **extra):
    response = client.get(f"/{lang}/documents/", {"q": query, **extra})
    assert response.status_code == 200
    return response


def hidden_document(state, **fields):
    """A document the public must never see, in one of the states that keep it hidden;
    its words are in the lexicon all the same (the statement trigger of 0005)."""
    if state == "draft":
        return DocumentFactory(draft=True, **fields)
    if state == "in_review":
        return DocumentFactory(status=Status.IN_REVIEW, published_at=None, **fields)
    if state == "scheduled":
        future = timezone.now() + datetime.timedelta(days=30)
        return DocumentFactory(published_at=future, **fields)
    if state == "withdrawn":
        return DocumentFactory(status=Status.WITHDRAWN, published_at=None, **fields)
    if state == "deleted":
        document = DocumentFactory(draft=True, **fields)
        document.delete()
        return document
    raise AssertionError(state)


HIDDEN_STATES = ["draft", "in_review", "scheduled", "withdrawn", "deleted"]


# --- Draft leaks through the "No document contains …" notice (high) ---------------------


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_correction_never_names_a_word_of_a_hidden_document(client, state):
    """
    "securitax" is in no text. Its other spellings are, in this order, the lexicon's
    words of the same name key ("securitaxes", a hidden document's only) and its
    trigram neighbours ("security", published). The list shows what "security" finds, and
    the notice says: these are the documents for “securitaxes”, naming a word that
    only the hidden document holds (and finds nothing when followed).
    """
    DocumentFactory(slug="public", title_en="Regional security")
    hidden_document(state, slug="hidden", title_en="Secret", body_en="<p>securitaxes</p>")

    response = search(client, "securitax")
    html = response.content.decode().lower()
    assert "securitaxes" not in shown_correction(response).lower()
    assert "securitaxes" not in html


@pytest.mark.parametrize("query", ["securty or Zangezurplam", "securty -Zangezurplam"])
def test_or_and_negation_cannot_carry_a_draft_word_into_the_notice(client, query):
    """
    Two misspelt words: one corrected to a published word, the other to a word only a
    draft holds. With "or" (or "-"), the published one alone makes the corrected query
    find documents, and the notice then prints the whole corrected query, draft word
    included: a reader can enumerate a draft's words, prefix by prefix, next to any
    misspelt published word.
    """
    DocumentFactory(slug="public", title_en="Regional security")
    DocumentFactory(slug="draft", title_en="Plan", body_en="<p>Zangezurplan</p>", draft=True)

    response = search(client, query)
    assert "zangezurplan" not in response.content.decode().lower()


def test_a_word_whose_name_key_is_empty_is_not_spelled_as_the_shortest_words(client):
    """
    name_key("ъъъ") is "": the lexicon look-up becomes key LIKE '%' (every word with a
    key of up to 3 letters, the whole lexicon scanned) and "ъъъ" is "corrected" to the
    first of them alphabetically ("abc", a draft's), while "tax" (published) fills the
    list with documents that have nothing to do with the query.
    """
    DocumentFactory(slug="public", title_en="Tax")
    DocumentFactory(slug="draft", title_en="Abc", draft=True)

    response = search(client, "ъъъ")
    assert [d.slug for d in response.context["documents"]] == []
    assert shown_correction(response) == ""
    assert "abc" not in response.content.decode().lower()


def test_the_results_do_not_tell_whether_a_hidden_text_holds_a_word(client):
    """
    An oracle beside the notice: a word the lexicon holds is "known" and taken as typed,
    so the exact word of a draft finds nothing, where any other word as far from a
    published one is corrected and finds it. A reader can so confirm a guess (a name, a
    code word) that only a hidden text holds, and the lexicon keeps it after deletion.
    """
    DocumentFactory(slug="public", title_en="Regional security")
    DocumentFactory(slug="draft", title_en="Plan", body_en="<p>securitxx</p>", draft=True)

    as_draft_word = [d.slug for d in search(client, "securitxx").context["documents"]]
    as_unknown_word = [d.slug for d in search(client, "securitxz").context["documents"]]
    assert as_unknown_word == ["public"]
    assert as_draft_word == as_unknown_word


# --- Performance abuse (high) -------------------------------------------------------------


def lexicon_of(words):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO documents_searchword (word)"
            " SELECT translate(substr(md5(i::text), 1, 6 + i %% 5), '0123456789', 'ghijklmnop')"
            " FROM generate_series(1, %s) AS i ON CONFLICT DO NOTHING",
            [words],
        )
        cursor.execute("ANALYZE documents_searchword")


def test_the_lexicon_look_up_does_not_scan_the_lexicon_for_each_word(client):
    """
    SPELLINGS_SQL compares ``key LIKE name_key(q.word) || '%'``: a pattern that is no
    constant, so the text_pattern_ops index is never used; each query word is a
    sequential scan of the lexicon that evaluates name_key()'s 14 regexp/replace steps
    again for every row (~7 µs a row here). Measured on 5,000 documents plus a 100,000
    word lexicon: 0.95 s for one word, 5.9 s for 8 words (SPELLED_WORDS), and 14.7 s
    for the list with a kind chosen, where counts_by_kind builds a second filter set
    and looks the words up again. At THROTTLE_RATE (30/m) one client keeps several
    cores busy. (With the key compared as a range on a "C" index, as the work tree had
    it uncommitted at the time of review, the key half is indexed, but the trigram half
    is then planned as a sequential scan of the lexicon, ~85 ms a word at 60,000 words:
    still 0.7 s, and 1.8 s with a kind.) Here: 60,000 words, 8 query words, a kind.
    """
    lexicon_of(60_000)
    DocumentFactory(slug="public", title_en="Regional security")
    query = "securitax zangezur aliyeva pashinyan forumun sessiya security regional"

    # The look-ups are index scans, whatever the size of the lexicon…
    words = query.split()
    for sql in (NAMES_SQL, CLOSEST_SQL):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, [words])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Seq Scan on documents_searchword" not in plan, plan
    # …and the page is far from the seconds it took (a bound loose enough for a busy CI).
    started = time.perf_counter()
    search(client, query, kind="statement")
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0, f"{elapsed:.1f} s"


def test_the_azerbaijani_excerpt_is_not_quadratic_in_the_matches(client):
    """
    _excerpt() scores every candidate start by counting every match (a sum over
    ``found`` for each start, for each fragment): quadratic in the words a query finds.
    Measured: a 2,000-word Azerbaijani text whose words the query finds takes 1.2 s, a
    5,000-word one 5.8 s, a 10,000-word one (a 100 KB report) 23.6 s, for one document
    of a page of 20; "or" lets a reader find every word of a long text at once, and
    an English or Russian page builds the az excerpt too where the words are az.
    """
    words = ["təhlükəsizlik", "sessiyası", "forumun", "Azərbaycan"]
    body = " ".join(words[i % len(words)] for i in range(4_000))
    DocumentFactory(slug="report", title_az="Hesabat", body_az=f"<p>{body}</p>")

    started = time.perf_counter()
    search(client, "təhlükəsizlik or sessiya or forum or Azərbaycan", "az")
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0, f"{elapsed:.1f} s"  # was 23 s; a bound loose enough for a busy CI


# --- Markup built by hand (low) -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_the_markers_in_a_stored_text_do_not_become_markup(client, lang):
    """
    START/STOP (U+0002/U+0003) are turned into <mark>/</mark> after escaping: the same
    characters in a title or text (no validator refuses them; an import or a paste can
    bring them) become unbalanced tags: an unclosed <mark> in a title's link, a stray
    </mark> in an excerpt. No script can be injected this way (checked: <script>,
    entities, onerror… are escaped), but the page's structure is the text's to change.
    """
    DocumentFactory(
        slug="x",
        **{f"title_{lang}": "Kwyjibo \u0002 start", f"body_{lang}": "<p>Kwyjibo \u0003 end</p>"},
    )
    html = search(client, "Kwyjibo", lang).content.decode()
    assert html.count("<mark>") == html.count("</mark>")
    assert "<mark> start" not in html


def test_a_control_character_in_a_title_does_not_break_the_searched_feed(client):
    """The same characters make the Atom feed fail (UnserializableContentError, 500) for
    every search or list whose 50 newest hold the document."""
    DocumentFactory(slug="x", title_en="Kwyjibo \u0003")
    response = client.get("/en/feeds/documents/", {"q": "Kwyjibo"})
    assert response.status_code == 200


def test_an_excerpt_of_a_plain_summary_keeps_its_text(client):
    """
    A document without a text gets its excerpt from the summary, a plain-text field (the
    list shows it escaped as it is); _plain() reads it as HTML: its tags are dropped and
    its entities decoded, so the excerpt says something else than the summary.
    """
    DocumentFactory(
        slug="x", summary_en="Budget <annex> for R&amp;D", body_en="", title_en="Other"
    )
    html = search(client, "budget").content.decode()
    excerpt = re.search(r'<p class="excerpt"[^>]*>(.*?)</p>', html, re.S)[1]
    assert "&lt;annex&gt;" in excerpt
    assert "R&amp;amp;D" in excerpt


# --- Query handling (low) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["BSF/3/ADDR.", "(BSF/3/ADDR)", "BSF/3/ADDR,", "BSF/3/ADDR ?", "BSF/3 %"]
)
def test_a_symbol_with_punctuation_around_it_is_still_found(client, query):
    """A symbol copied from a sentence keeps its punctuation: with "." the symbol is
    "BSF/3/ADDR." (the dot is allowed in its parts); otherwise the rest of the query is
    punctuation alone, full_text_query() of it is None, and search() returns none()."""
    AddressFactory(slug="third", symbol="BSF/3/ADDR")
    assert [d.slug for d in search(client, query).context["documents"]] == ["third"]


def test_an_excluded_phrase_is_excluded_in_azerbaijani_too(client):
    """
    websearch reads -"a b" as "not the phrase"; az_tsquery drops the "-" before a quote
    and makes the phrase required. The configurations are OR-ed, so the document that
    holds the excluded phrase is found (through az), and its words are marked.
    """
    DocumentFactory(slug="with", title_az="Forum", body_az="<p>Sessiyanın planı hazırdır.</p>")
    DocumentFactory(slug="without", title_az="Forum", body_az="<p>Başqa mətn.</p>")
    response = search(client, 'forum -"sessiya planı"', "az")
    assert [d.slug for d in response.context["documents"]] == ["without"]


def test_a_name_typed_with_the_dotted_capital_i_gets_its_other_spellings(client):
    """
    spellings() keys what the database returns by PostgreSQL's lower() ("ilham") but
    looks it up by Python's ("i̇lham", i + U+0307): every word typed with İ, as
    Azerbaijani writes İlham, İran, İsrail, loses its other spellings and corrections.
    "Ilham" finds the Russian text; "İlham" finds nothing.
    """
    DocumentFactory(slug="ru", title_en="A note", body_ru="<p>Ильхам Алиев выступил.</p>")
    assert [d.slug for d in search(client, "Ilham").context["documents"]] == ["ru"]
    assert [d.slug for d in search(client, "İlham").context["documents"]] == ["ru"]


def test_the_closest_spelling_is_the_correction(client):
    """
    "Closest first" (SPELLINGS_SQL) does not hold: the UNION of the two look-ups returns
    its rows in no order, and spellings() takes the first row met as the correction.
    "securitxy" is closer to "securitxx" (similarity 0.67) than to "security" (0.54).
    """
    DocumentFactory(slug="near", title_en="Securitxx")
    DocumentFactory(slug="far", title_en="Security")
    assert shown_correction(search(client, "securitxy")) == "securitxx"


# --- The Python and SQL twins of az_fold (low: highlighting only) ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "TƏHLÜKƏSİZLİYİ²",  # a footnote mark after the word: \b in Python, no \M in SQL
        "təhlükəsizliyi½",
        "gəncliyə\u05b0",  # a combining mark: a word end to Python, not to PostgreSQL
        pytest.param(
            "ΟΔΟΣ",  # Python's lower() writes the final sigma, PostgreSQL's does not
            marks=pytest.mark.xfail(
                reason="lower() differs on the Greek final sigma: an Azerbaijani text's "
                "Greek word may go unmarked; what is found is the same",
                strict=True,
            ),
        ),
    ],
)
def test_python_and_the_database_fold_odd_unicode_alike(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT az_fold(%s)", [text])
        assert cursor.fetchone()[0] == az_fold(text)


def test_a_word_with_a_footnote_mark_is_marked_where_it_is_found(client):
    """The effect of the twins' difference: the database finds the document (it folds
    "təhlükəsizliyi²" to "tehlukesizliki"), Python does not mark the word."""
    DocumentFactory(slug="x", title_az="Regional təhlükəsizliyi²")
    response = search(client, "təhlükəsizlik", "az")
    assert [d.slug for d in response.context["documents"]] == ["x"]
    assert "<mark>" in response.content.decode()
