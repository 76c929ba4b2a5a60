"""
A document's citation for reference managers, as BibTeX, RIS and CSL-JSON.

``cite()`` reads a document once into a neutral ``Citation``, in the page's language as
the page shows it; each format is a function of that record alone (``FORMATS``), so the
fields are chosen in one place and only the writing differs.
"""

import datetime
import json
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

from documents.models import Kind
from forum.core.i18n import localized

# What no line of a file may hold: control characters (tabs and line ends are made spaces
# first). A title pasted from elsewhere may carry them; RIS would read one as a new tag.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Creator:
    """An author: a person's name split into family and given names, or an organisation's
    name, which no format may split (a "corporate" or "literal" author)."""

    name: str
    is_organisation: bool = False

    @property
    def family(self):
        # The site writes a person's name given names first ("Ilham Aliyev", "Ильхам
        # Алиев"), in one field: the last word is the family name.
        return self.name.rsplit(None, 1)[-1]

    @property
    def given(self):
        parts = self.name.rsplit(None, 1)
        return parts[0] if len(parts) == 2 else ""


@dataclass(frozen=True, slots=True)
class Citation:
    key: str  # the document's slug: an identifier every format accepts as it is
    kind: str  # a documents.models.Kind value
    genre: str  # the kind's name, in the page's language
    title: str
    language: str  # of the text cited: the full text's, or the title's where there is none
    authors: tuple
    issued: datetime.date
    accessed: datetime.date
    publisher: str
    event: str  # "Baku Security Forum, Session 3", or "" outside a (public) session
    number: str  # the document's symbol, or ""
    url: str  # the symbol's permalink (/s/BSF/3/DECL), else the page's address
    abstract: str


def cite(document, url, accessed=None):
    """The citation of ``document`` in the active language; ``url`` is the absolute
    address to cite it by (CitationView: its permalink where it has a symbol)."""
    title = localized(document, "title")
    body = localized(document, "body")
    publisher = gettext("Baku Security Forum")
    session = document.public_session  # a session still hidden is not named
    author = document.author
    authors = ()
    if author is not None:
        name = localized(author, "name").text
        authors = (Creator(name, is_organisation=document.author_organisation_id is not None),)
    return Citation(
        key=document.slug,
        kind=document.kind,
        genre=str(document.get_kind_display()),
        title=title.text,
        language=(body or title).language,
        authors=authors,
        issued=document.date,
        # The day the file is made: the public page cache may hand out a copy made the
        # day before (it keeps nothing longer than a day).
        accessed=accessed or timezone.localdate(),
        publisher=publisher,
        event=f"{publisher}, {session}" if session else "",
        number=document.symbol,
        url=url,
        abstract=localized(document, "summary").text,
    )


def one_line(text):
    """``text`` on one line: every run of white space (line ends included) one space."""
    return CONTROL.sub("", " ".join(str(text).split()))


# BibTeX ---------------------------------------------------------------------------------

BIBTEX_TYPES = {Kind.REPORT: "techreport"}  # every other kind: misc
# Babel's names, which biblatex reads in its language field.
BIBTEX_LANGUAGES = {"az": "azerbaijani", "en": "english", "ru": "russian"}
BIBTEX_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
# TeX's special characters. BibTeX counts braces without regard to a backslash, so "\{"
# would leave a field unbalanced: braces are written as commands, as is the backslash.
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
# A URL as a URL field holds it (verbatim for biblatex): only what would end the field or
# break the line is percent-encoded.
URL_UNSAFE = re.compile(r"[\s{}\\\"]")


def bibtex_text(text):
    """``text`` for a braced BibTeX field: TeX's specials escaped, letters of every script
    kept as they are (UTF-8)."""
    return "".join(BIBTEX_SPECIAL.get(char, char) for char in one_line(text))


def bibtex_name(creator):
    if creator.is_organisation:
        return "{" + bibtex_text(creator.name) + "}"  # braced: one name, never split
    parts = [bibtex_name_part(creator.family)]
    if creator.given:
        parts.append(bibtex_name_part(creator.given))
    return ", ".join(parts)


def bibtex_name_part(part):
    # A comma or the word "and" would make BibTeX read more names or parts than there are.
    escaped = bibtex_text(part)
    if "," in part or re.search(r"\band\b", part, re.IGNORECASE):
        return "{" + escaped + "}"
    return escaped


def bibtex(citation):
    is_report = BIBTEX_TYPES.get(citation.kind) == "techreport"
    braced = [
        ("author", " and ".join(bibtex_name(a) for a in citation.authors)),
        # Braced twice: styles that change a title's case leave the proper names alone.
        ("title", "{" + bibtex_text(citation.title) + "}"),
        ("year", str(citation.issued.year)),
        ("date", citation.issued.isoformat()),
        ("institution" if is_report else "publisher", bibtex_text(citation.publisher)),
        ("note" if is_report else "howpublished", bibtex_text(citation.event)),
        ("type", bibtex_text(citation.genre)),
        ("number", bibtex_text(citation.number)),
        ("url", URL_UNSAFE.sub(_percent, citation.url)),
        ("urldate", citation.accessed.isoformat()),
        ("language", BIBTEX_LANGUAGES.get(citation.language, citation.language)),
        ("abstract", bibtex_text(citation.abstract)),
    ]
    fields = [(name, f"{{{value}}}") for name, value in braced if value]
    # The month as BibTeX's own macro, unbraced, which every style writes in its language.
    year = [name for name, _value in fields].index("year")
    fields.insert(year + 1, ("month", BIBTEX_MONTHS[citation.issued.month - 1]))
    entry_type = BIBTEX_TYPES.get(citation.kind, "misc")
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{entry_type}{{{citation.key},\n{body}\n}}\n"


def _percent(match):
    return "".join(f"%{byte:02X}" for byte in match.group().encode())


# RIS ------------------------------------------------------------------------------------

# RIS has no type for a speech: GEN (generic), as for an agenda or a press release.
RIS_TYPES = {
    Kind.DECLARATION: "GOVDOC",
    Kind.REGULATIONS: "GOVDOC",
    Kind.STATEMENT: "GOVDOC",
    Kind.COMMUNIQUE: "GOVDOC",
    Kind.REPORT: "RPRT",
}


def ris(citation):
    ris_type = RIS_TYPES.get(citation.kind, "GEN")
    tags = [("TY", ris_type), ("TI", citation.title)]
    # A person "Family, Given"; an organisation's name as it is, which reference managers
    # keep whole (a name without a comma is not split).
    tags += [
        ("AU", a.name if a.is_organisation else ", ".join(filter(None, (a.family, a.given))))
        for a in citation.authors
    ]
    tags += [
        ("PY", str(citation.issued.year)),
        ("DA", citation.issued.strftime("%Y/%m/%d/")),
        ("PB", citation.publisher),
        ("T2", citation.event),
        ("M3", citation.genre),
        # A report's number is SN in RIS; M1 is the number of the other types.
        ("SN" if ris_type == "RPRT" else "M1", citation.number),
        ("UR", citation.url),
        ("Y2", citation.accessed.strftime("%Y/%m/%d/")),
        ("LA", citation.language),
        ("AB", citation.abstract),
    ]
    lines = [f"{tag}  - {one_line(value)}" for tag, value in tags if value]
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"  # the line ends of the RIS specification


# CSL-JSON -------------------------------------------------------------------------------

# The CSL types (CSL 1.0.2). An address is delivered to the participants: a speech. A
# declaration, the Regulations, a statement or communiqué are no state's "legislation"
# (styles would cite them as statutes): "document", with their kind as the genre.
CSL_TYPES = {
    Kind.ADDRESS: "speech",
    Kind.SPEECH: "speech",
    Kind.REPORT: "report",
}


def csl_json(citation):
    item = {
        "id": citation.key,
        "type": CSL_TYPES.get(citation.kind, "document"),
        "title": citation.title,
        "author": [csl_name(a) for a in citation.authors],
        "issued": csl_date(citation.issued),
        "accessed": csl_date(citation.accessed),
        "publisher": citation.publisher,
        "event-title": citation.event,
        "genre": citation.genre,
        "number": citation.number,
        "URL": citation.url,
        "language": citation.language,
        "abstract": citation.abstract,
    }
    item = {name: value for name, value in item.items() if value}
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def csl_name(creator):
    if creator.is_organisation:
        return {"literal": creator.name}
    name = {"family": creator.family, "given": creator.given}
    return {part: text for part, text in name.items() if text}


def csl_date(date):
    return {"date-parts": [[date.year, date.month, date.day]]}


# The formats, by the extension of their address (cite.bib, cite.ris, cite.json) ---------


@dataclass(frozen=True, slots=True)
class Format:
    write: object  # Citation → text
    content_type: str


FORMATS = {
    "bib": Format(bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": Format(ris, "application/x-research-info-systems; charset=utf-8"),
    "json": Format(csl_json, "application/vnd.citationstyles.csl+json"),
}


class FormatConverter:
    """The end of a citation's address: cite.bib, cite.ris or cite.json, nothing else."""

    regex = "|".join(FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
