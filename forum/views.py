"""
The Forum's pages: sessions and the Organizing Committee. The documents app extends the
home and session pages with their documents (documents/views.py); the project's URLs
serve those.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.views.generic import DetailView, ListView, TemplateView

from forum.core.files import send_file
from forum.core.i18n import in_every_language
from forum.core.preview import PreviewMixin
from forum.models import (
    Committee,
    CommitteeMember,
    Page,
    Participation,
    Secretariat,
    Session,
    SessionPhoto,
)
from forum.participation import DEFAULT_SORT, SORTS, Matrix, participants

# What a session's card shows, and nothing else: a session's row is wide (every text in
# every language), and the columns read are the query's cost to build and to load.
CARD_COLUMNS = [
    "number", "start_date", "end_date", "date_precision", "is_sample", "original_language",
    "status", "published_at",
    *in_every_language("theme", "city"),
]  # fmt: skip
# The participation table's columns: a session's number, dates and reported country count.
MATRIX_COLUMNS = [
    "number", "start_date", "end_date", "date_precision", "reported_country_count", "status",
    "published_at",
]  # fmt: skip


class HomeView(TemplateView):
    template_name = "forum/home.html"

    def get_context_data(self, **kwargs):
        sessions = list(Session.objects.published().only(*CARD_COLUMNS)[:4])
        featured = Session.objects.only(*CARD_COLUMNS).current_or_next() or (
            sessions[0] if sessions else None
        )
        return super().get_context_data(
            featured=featured,
            other_sessions=[s for s in sessions if s != featured][:3],
            **kwargs,
        )


class SessionListView(ListView):
    context_object_name = "sessions"
    paginate_by = 25
    query_parameters = ("page",)  # what the page cache keys on

    def get_queryset(self):
        return Session.objects.published().only(*CARD_COLUMNS)


class SessionDetailView(PreviewMixin, DetailView):
    context_object_name = "session"
    slug_field = "number"
    slug_url_kwarg = "number"

    def get_queryset(self):
        participations = Participation.objects.select_related("organisation")
        sessions = Session.objects if self.can_preview() else Session.objects.published()
        return sessions.select_related("organiser").prefetch_related(
            Prefetch("participations", queryset=participations),
            Prefetch("photos", queryset=SessionPhoto.objects.described()),
        )

    def get_context_data(self, **kwargs):
        listed = participants(self.object.participations.all())
        return super().get_context_data(participants=listed, **kwargs)


class CommitteeView(PreviewMixin, DetailView):
    """The published committee; staff may preview another with ?preview=<id>."""

    context_object_name = "committee"
    template_name = "forum/committee.html"

    def get_queryset(self):
        members = CommitteeMember.objects.select_related("person", "agency")
        committees = Committee.objects if self.can_preview() else Committee.objects.published()
        return committees.select_related("secretariat").prefetch_related(
            Prefetch("members", queryset=members)
        )

    def get_object(self, queryset=None):
        queryset = self.get_queryset()
        preview = self.request.GET.get("preview", "")
        if preview.isdigit() and self.can_preview():
            queryset = queryset.filter(pk=preview)
        else:
            queryset = queryset.published().order_by("-published_at")
        committee = queryset.first()
        if committee is None:
            raise Http404
        return committee


class PageView(PreviewMixin, DetailView):
    """An institutional page (about, contact, accreditation…); staff may preview a draft."""

    context_object_name = "page"
    template_name = "forum/page.html"

    def get_queryset(self):
        return Page.objects if self.can_preview() else Page.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.shows_contact_details:
            context["secretariat"] = (
                Secretariat.objects.filter(committee__in=Committee.objects.published())
                .order_by("-committee__published_at")
                .first()
            )
        return context


class ParticipationView(TemplateView):
    """Countries, and organisations without a country, by published session (?sort=…)."""

    template_name = "forum/participation.html"
    query_parameters = ("sort",)  # what the page cache keys on
    ordering_parameters = ("sort",)  # the same table in another order: one canonical address

    def get(self, request, *args, **kwargs):
        sort = request.GET.get("sort", DEFAULT_SORT)
        known = sort in SORTS
        context = self.get_context_data(sort=sort if known else DEFAULT_SORT, **kwargs)
        context["unknown_sort"] = not known
        return self.render_to_response(context, status=200 if known else 400)

    def get_context_data(self, sort, **kwargs):
        sessions = list(Session.objects.published().order_by("number").only(*MATRIX_COLUMNS))
        participations = Participation.objects.filter(session__in=sessions).select_related(
            "organisation"
        )
        return super().get_context_data(
            matrix=Matrix(sessions, participations, sort), sort=sort, sorts=SORTS, **kwargs
        )


class PhotoView(PreviewMixin, DetailView):
    """
    One size of a session's photograph, served only while the public may see it (its
    session published, its alternative text written in every language), or to staff.
    Sent as attachments are (documents.views.AttachmentView): no sniffing, a sandboxing
    policy, and behind nginx the bytes sent by it once the app has checked.
    """

    def get_queryset(self):
        return SessionPhoto.objects.filter(session__number=self.kwargs["number"]).select_related(
            "session"
        )

    def is_public(self, photo):
        return photo.session.is_public and photo.is_described

    def get(self, request, *args, **kwargs):
        photo = self.object = self.get_object()
        name = photo.rendition(kwargs["filename"])
        if name is None:
            raise Http404
        return send_file(photo.image.storage, name, "image/webp", public=self.is_public(photo))
