"""
The Forum in schema.org terms (forum/core/structured_data.py): the Forum itself, publisher
of every page; a session as an Event; the Organizing Committee; the organisations and
people they name. Built from what the pages' views have loaded, nothing more.

Only what the public may see is described, and nothing shown as a sample: a badge tells a
reader that a sample is no established fact, and no program reading the data would see it.
"""

import functools

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.translation import gettext

from forum.core import structured_data as sd
from forum.core.i18n import localized
from forum.core.reversing import reverse

# Every session is held in Baku: the model names the city (in each language), and the
# country is this one.
HOST_COUNTRY = "AZ"
LOGO = {"path": "forum/logo.png", "width": 512, "height": 512}

EVENT_SCHEDULED = "https://schema.org/EventScheduled"
IN_PERSON = "https://schema.org/OfflineEventAttendanceMode"


def forum_id(request):
    """The Forum's one identity in every language: the site's root, which no language owns."""
    return request.build_absolute_uri(get_script_prefix()) + "#forum"


def forum_organization(request):
    """The Forum: its name in the page's language, in the others as alternate names."""
    languages = tuple(code for code, _name in settings.LANGUAGES)
    return sd.organization(
        gettext("Baku Security Forum"),
        request.build_absolute_uri(reverse("forum:home")),
        node_id=forum_id(request),
        alternateName=[*other_names(translation.get_language(), languages), "BSF"],
        logo={
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(LOGO["path"])),
            "width": LOGO["width"],
            "height": LOGO["height"],
        },
    )


@functools.lru_cache(maxsize=16)
def other_names(language, languages):
    """The Forum's name in the site's other languages, once: the catalogues do not change
    while the site runs, and activating each language costs more than the rest."""
    names = []
    for code in languages:
        if code != language:
            with translation.override(code):
                names.append(gettext("Baku Security Forum"))
    return tuple(dict.fromkeys(names))


def forum_reference(request):
    """The Forum as a publisher: a pointer to the node every page carries (base.html)."""
    return sd.reference(forum_organization(request))


def forum_website(request):
    """The site, named as search results may show it (the home page)."""
    home = request.build_absolute_uri(reverse("forum:home"))
    return {
        "@type": "WebSite",
        "@id": f"{home}#website",
        "name": gettext("Baku Security Forum"),
        "url": home,
        "inLanguage": translation.get_language(),
        "publisher": forum_reference(request),
    }


def organisation(organisation):
    if organisation is None:
        return None
    return sd.organization(
        localized(organisation, "name"),
        organisation.website,
        alternateName=organisation.acronym,
    )


def person(person, position=""):
    return sd.person(localized(person, "name"), jobTitle=position or localized(person, "position"))


def event_name(session):
    return gettext("Baku Security Forum: %(session)s") % {"session": session}


def session_reference(session, request):
    """A session as a page names it (a document's): its number alone is read, so that
    a session loaded without its texts costs no query; nothing for a session not public."""
    if session is None or not session.is_public or session.is_sample:
        return None
    url = request.build_absolute_uri(session.get_absolute_url())
    return {"@type": "Event", "@id": f"{url}#event", "url": url, "name": event_name(session)}


def session_event(session, request):
    """A session as an Event; a session known to the month only has month dates."""
    node = session_reference(session, request)
    if node is None:
        return None
    by_month = session.date_precision == session.DatePrecision.MONTH
    city, venue = localized(session, "city"), localized(session, "venue")
    return {
        **node,
        "description": sd.text(localized(session, "description"))
        or sd.text(localized(session, "theme")),
        "startDate": sd.iso_date(session.start_date, month_only=by_month),
        "endDate": sd.iso_date(session.end_date, month_only=by_month),
        "eventStatus": EVENT_SCHEDULED,
        "eventAttendanceMode": IN_PERSON,
        "location": {
            "@type": "Place",
            "name": venue or city,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": city,
                "addressCountry": HOST_COUNTRY,
            },
        },
        "organizer": organisation(session.organiser),
        "inLanguage": translation.get_language(),
    }


def session_data(session, request):
    """A session's page: the session, and the breadcrumbs the page shows, then itself."""
    if not session.is_public:
        return []
    url = request.build_absolute_uri(session.get_absolute_url())
    trail = [
        (gettext("Sessions"), request.build_absolute_uri(reverse("forum:sessions"))),
        (str(session), url),
    ]
    return [session_event(session, request), sd.breadcrumb_list(trail)]


def session_list_data(page, request):
    """A page of the sessions archive: its sessions, numbered on from the earlier pages."""
    if page is None or not page.object_list:
        return []
    items = [
        (str(session), request.build_absolute_uri(session.get_absolute_url()))
        for session in page.object_list
    ]
    return [sd.item_list(items, start=page.start_index())]


def committee_data(committee, request):
    """The Organizing Committee, its members and its Secretariat (none that is a sample)."""
    if not committee.is_public:
        return []
    url = request.build_absolute_uri(reverse("forum:committee"))
    members = [
        {
            **person(member.person, localized(member, "position")),
            "affiliation": organisation(member.agency),
        }
        for member in committee.members.all()
        if not member.is_sample
    ]
    return [
        sd.organization(
            localized(committee, "name"),
            url,
            node_id=f"{url}#committee",
            description=sd.text(localized(committee, "mandate")),
            foundingDate=sd.iso_date(committee.established_on),
            member=members,
            subOrganization=secretariat(getattr(committee, "secretariat", None)),
        )
    ]


def secretariat(secretariat):
    if secretariat is None or secretariat.is_sample:
        return None
    return sd.organization(
        localized(secretariat, "name"),
        secretariat.website,
        email=secretariat.email,
        telephone=secretariat.phone,
        address=localized(secretariat, "address"),
    )
