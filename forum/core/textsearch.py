"""
How the words of each site language are made comparable for full-text search.

PostgreSQL stems Russian and English itself. It has no Azerbaijani stemmer, and its
Turkish one cuts too deep ("forumun" → "for"), so Azerbaijani is handled here:

- texts are indexed folded: lowered, with the letters a reader without an Azerbaijani
  keyboard types otherwise (ə ı ö ü ş ç ğ → e i o u s c g), and with the final consonant
  that "-lik"/"-lıq" soften before a suffix put back (təhlükəsizliyi → tehlukesizliki);
- a query's words are folded the same way, cut to their stem (the longest chain of
  inflectional suffixes that leaves four letters: plural, possessive, case, "-ki", the
  copula), and looked for as prefixes: "forumun" looks for forum*, which finds forum,
  forumda, forumun… A stem cut too short only widens the prefix, where a stem-to-stem
  match would miss (Azərbaycanın is Azərbaycan + ın, and sessiyanın sessiya + nın).

Folding exists twice: here, and as the database function ``az_fold()`` the vectors are
built with, written from the same rules (``AZ_FOLD_SQL``); a test holds the two together.

Names are made comparable across scripts by the database function ``name_key()``
(``NAME_KEY_SQL``): Əliyev, Aliyev, Alijev and Алиев have one key.
"""

import re

from django.db.models import F, Func, TextField

# How each language's texts are indexed: a PostgreSQL text search configuration, and a
# function of ours the text goes through first. A language not named here gets "simple".
ANALYSIS = {"az": ("simple", "az_fold"), "en": ("english", None), "ru": ("russian", None)}
# A reader's query is parsed by each configuration (and, for Azerbaijani, az_tsquery()):
# a match in any counts, whatever the page's language.
CONFIGS = sorted({config for config, _function in ANALYSIS.values()} | {"simple"})


def config_for(language):
    return ANALYSIS.get(language, ("simple", None))[0]


def indexed(field, language):
    """The expression a language's ``field`` is indexed from: the column, or our function
    of it (az_fold)."""
    function = ANALYSIS.get(language, ("simple", None))[1]
    if function is None:
        return F(field)
    return Func(F(field), function=function, output_field=TextField())


# The dotted and dotless capitals lowered as Azerbaijani writes them, then the folding.
# Every step maps one letter to one letter, so a folded text lines up with its original.
AZ_UPPER = "İIƏÖÜŞÇĞ"
AZ_LOWER = "iıəöüşçğ"
AZ_FOLDED_FROM = "əıöüşçğ"
AZ_FOLDED_TO = "eiouscg"

# A query's word keeps at least this many letters: "forum" keeps its "-um", "Bakı" its "-ı".
MIN_STEM = 4
# The inflectional suffixes after folding (vowel harmony leaves two or four variants of
# each), in the order they follow each other: plural, possessive, case (the locative may
# take "-ki"), copula. After a possessive of the third person a case takes an "n"
# (sessiyası → sessiyasında).
AZ_SUFFIX = (
    r"(?:lar|ler)?"
    r"(?:"
    r"s?[iu](?:n(?:in|un|a|e|i|u|d[ae](?:n|ki)?))?"  # his, her, its (+ case)
    r"|(?:[iu][mn]|[iu]?[mn][iu]z)(?:in|un|a|e|i|u|d[ae](?:n|ki)?|l[ae])?"  # my, your, our
    r"|n?in|n?un|y?a|y?e|n?i|n?u|d[ae](?:n|ki)?|y?l[ae]"  # a case alone
    r")?"
    r"(?:d[iu]r)?"
)
# "-lik"/"-lıq" before a suffix's vowel (-liyi, -lığın): the consonant put back. Not in
# "Əliyev", where what follows is no suffix.
AZ_SOFTENED = [(r"l([iu])y(?=%s%s)", r"l\1k"), (r"l([iu])g(?=%s%s)", r"l\1q")]
_SUFFIX_WITH_VOWEL = r"(?=[aeiu])" + AZ_SUFFIX
# The end of a folded Azerbaijani word, written alike for Python and PostgreSQL (whose
# word characters differ on marks, superscripts and fractions): no letter follows.
_WORD_END = "(?![a-z])"

_LOWER = str.maketrans(AZ_UPPER, AZ_LOWER)
_FOLD = str.maketrans(AZ_FOLDED_FROM, AZ_FOLDED_TO)
_SOFTENED = [
    (re.compile(pattern % (_SUFFIX_WITH_VOWEL, _WORD_END)), replacement)
    for pattern, replacement in AZ_SOFTENED
]
_SUFFIX = re.compile(AZ_SUFFIX)


def az_fold(text):
    """Azerbaijani text lowered and folded, letter for letter, as az_fold() in SQL."""
    text = text.translate(_LOWER).lower().translate(_FOLD)
    for pattern, replacement in _SOFTENED:
        text = pattern.sub(replacement, text)
    return text


def az_stem(word):
    """The start shared by the forms of a folded Azerbaijani word: the longest chain of
    inflectional suffixes cut that leaves MIN_STEM letters."""
    for end in range(MIN_STEM, len(word)):
        if _SUFFIX.fullmatch(word, end):
            return word[:end]
    return word


def _sql_literal(text):
    return "'" + text.replace("'", "''") + "'"


def _chain_replace(expression, pairs):
    for old, new in pairs:
        expression = f"replace({expression}, {_sql_literal(old)}, {_sql_literal(new)})"
    return expression


def _az_fold_sql():
    expression = (
        f"translate(lower(translate(value, {_sql_literal(AZ_UPPER)}, {_sql_literal(AZ_LOWER)})),"
        f" {_sql_literal(AZ_FOLDED_FROM)}, {_sql_literal(AZ_FOLDED_TO)})"
    )
    for pattern, replacement in AZ_SOFTENED:
        pattern = _sql_literal(pattern % (_SUFFIX_WITH_VOWEL, _WORD_END))
        expression = f"regexp_replace({expression}, {pattern}, {_sql_literal(replacement)}, 'g')"
    return (
        "CREATE OR REPLACE FUNCTION az_fold(value text) RETURNS text\n"
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE\n"
        f"RETURN {expression};"
    )


# The database's twin of az_fold(), which the search vectors are built with: created by
# a migration (a change to the rules is a new migration, which a test asks for).
AZ_FOLD_SQL = _az_fold_sql()


# Words too common to look for (folded): "və", "ilə", "üçün"…
AZ_STOPWORDS = {
    "ve",
    "ile",
    "bu",
    "bir",
    "ucun",
    "da",
    "de",
    "ki",
    "o",
    "hem",
    "ya",
    "kimi",
    "olan",
}
WORD = re.compile(r"\w+")
# A reader's query as websearch_to_tsquery reads it: "a phrase", -excluded, or.
_QUERY_PART = re.compile(r'(?:(?<![\w-])(-))?(?:"([^"]*)"?|(\w+))')


def _az_lexeme(word):
    """The tsquery term of one folded word: its stem as a prefix, a short word as it is."""
    if word in AZ_STOPWORDS:
        return None
    if len(word) < MIN_STEM:
        return f"'{word}'"
    return f"'{az_stem(word)}':*"


def az_tsquery(text):
    """A reader's query as a tsquery over the folded Azerbaijani texts (config "simple"),
    or "" where it holds nothing to look for. Words become prefixes of their stems and
    keep websearch's syntax: quoted phrases, -excluded words, "or"."""
    parts, operator = [], "&"
    for excluded, phrase, word in _QUERY_PART.findall(text):
        if word.lower() == "or":
            operator = "|"
            continue
        if phrase:
            lexemes = [f"'{w}'" if len(w) < MIN_STEM else f"'{az_stem(w)}':*"
                       for w in WORD.findall(az_fold(phrase))]  # fmt: skip
            term = "(" + " <-> ".join(lexemes) + ")" if lexemes else None
        else:
            term = _az_lexeme(az_fold(word)) if word else None
        if term and excluded:
            term = "!" + term
        if term:
            parts += [operator, term] if parts else [term]
            operator = "&"
    return " ".join(parts)


def az_matcher(text):
    """A test of one word: is it one the Azerbaijani terms of query ``text`` find (not
    the excluded ones)? For marking the words of titles and excerpts."""
    terms = [term for term in re.findall(r"(!?)'(\w+)'(:\*)?", az_tsquery(text)) if not term[0]]
    prefixes = tuple(stem for _, stem, prefix in terms if prefix)
    exact = {stem for _, stem, prefix in terms if not prefix}

    def matches(word):
        folded = az_fold(word)
        return folded in exact or folded.startswith(prefixes) if prefixes else folded in exact

    return matches


# A name's key, the same in Azerbaijani, Russian and English spellings and the common
# transliterations (Əliyev, Aliyev, Aliev, Alijev, Алиев → aliev; Nağıyev, Naghiyev,
# Нагиев → nagiev; Paşinyan, Pashinyan, Пашинян → pasinan): letters to plain Latin,
# Latin digraphs to one letter, "y" before a vowel dropped (and "j" between vowels),
# doubled letters single. For words no stemmer relates, looked up in the lexicon of the texts
# (documents.SearchWord); the key is computed by the database alone.
NAME_LETTERS = (
    "абвгдеёжзийклмнопрстуфхцчшщыэюяəıöüşçğqxw",
    "abvgdeejziyklmnoprstufhccssieuaaiouscgghv",
)
NAME_DELETED = "ъь"
NAME_DIGRAPHS = [("kh", "h"), ("sh", "s"), ("ch", "c"), ("zh", "j"), ("gh", "g"), ("ts", "c"),
                 ("ph", "f"), ("dj", "j")]  # fmt: skip


def _name_key_sql():
    lowered = f"lower(translate(value, {_sql_literal(AZ_UPPER)}, {_sql_literal(AZ_LOWER)}))"
    letters = _sql_literal(NAME_LETTERS[0] + NAME_DELETED)
    expression = _chain_replace(
        f"translate({lowered}, {letters}, {_sql_literal(NAME_LETTERS[1])})", NAME_DIGRAPHS
    )
    for pattern, replacement in [("([aeiou])j([aeiou])", r"\1\2"), ("y([aeiou])", r"\1"),
                                 (r"(.)\1+", r"\1")]:  # fmt: skip
        pattern, replacement = _sql_literal(pattern), _sql_literal(replacement)
        expression = f"regexp_replace({expression}, {pattern}, {replacement}, 'g')"
    return (
        "CREATE OR REPLACE FUNCTION name_key(value text) RETURNS text\n"
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE\n"
        f"RETURN {expression};"
    )


# Written by a migration, as AZ_FOLD_SQL.
NAME_KEY_SQL = _name_key_sql()
