"""
Who took part in which session: a session's participants in the order its page lists
them, and the table of countries (and organisations taking part on their own, without a
country) by published session. Names are sorted in the page's language.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from forum.core.collation import sort_key

# The orders of the table (?sort=…), the first the default.
SORTS = {
    "name": _("Sorted by name, A to Z"),
    "-name": _("Sorted by name, Z to A"),
    "-count": _("Sorted by sessions attended, most first"),
    "count": _("Sorted by sessions attended, fewest first"),
}
DEFAULT_SORT = "name"


@dataclass
class Participant:
    """A country with its agencies at a session, or an organisation without a country."""

    country: object = None  # django_countries' Country, or None
    organisations: list = field(default_factory=list)
    is_host: bool = False

    @property
    def name(self):
        return str(self.country.name) if self.country else str(self.organisations[0])


def participants(participations):
    """The host first, then the countries by name, then the organisations by name."""
    found = {}
    for participation in participations:
        key = participation.country.code or f"organisation-{participation.organisation_id}"
        participant = found.setdefault(key, Participant(country=participation.country or None))
        if participation.organisation:
            participant.organisations.append(participation.organisation)
        participant.is_host |= participation.is_host
    for participant in found.values():
        participant.organisations.sort(key=lambda organisation: sort_key(str(organisation)))
    return sorted(
        found.values(),
        key=lambda p: (not p.is_host, p.country is None, sort_key(p.name)),
    )


@dataclass
class Row:
    name: str
    country: object = None
    organisation: object = None
    # Per session, in the columns' order: "host", "present" or "".
    cells: list = field(default_factory=list)

    @property
    def count(self):
        return sum(1 for cell in self.cells if cell)


class Matrix:
    """
    Rows of countries and rows of organisations that took part without a country, a
    column per session; ``participations`` are those of ``sessions`` (published, in the
    columns' order), with their organisations joined.
    """

    def __init__(self, sessions, participations, sort=DEFAULT_SORT):
        self.sessions = list(sessions)
        column = {session.pk: n for n, session in enumerate(self.sessions)}
        countries, organisations = {}, {}
        for participation in participations:
            if participation.country:
                row = countries.get(participation.country.code)
                if row is None:
                    row = countries[participation.country.code] = self._row(
                        str(participation.country.name), country=participation.country
                    )
            else:
                row = organisations.get(participation.organisation_id)
                if row is None:
                    row = organisations[participation.organisation_id] = self._row(
                        str(participation.organisation), organisation=participation.organisation
                    )
            n = column[participation.session_id]
            if participation.is_host or not row.cells[n]:
                row.cells[n] = "host" if participation.is_host else "present"
        self.countries = self._sorted(countries.values(), sort)
        self.organisations = self._sorted(organisations.values(), sort)

    def _row(self, name, **kwargs):
        return Row(name, cells=[""] * len(self.sessions), **kwargs)

    @staticmethod
    def _sorted(rows, sort):
        by_name = sorted(rows, key=lambda row: sort_key(row.name))
        if sort == "-name":
            return by_name[::-1]
        if sort in ("count", "-count"):
            # Stable: rows with the same count stay in alphabetical order.
            return sorted(by_name, key=lambda row: row.count, reverse=sort == "-count")
        return by_name

    @staticmethod
    def _totals(rows, width):
        totals = [0] * width
        for row in rows:
            for n, cell in enumerate(row.cells):
                totals[n] += bool(cell)
        return totals

    @property
    def country_totals(self):
        """Countries per session."""
        return self._totals(self.countries, len(self.sessions))

    @property
    def organisation_totals(self):
        return self._totals(self.organisations, len(self.sessions))

    def __bool__(self):
        return bool(self.countries or self.organisations)
