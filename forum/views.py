"""
The Forum's pages: sessions and the Organizing Committee. The documents app extends the
home and session pages with their documents (documents/views.py); the project's URLs
serve those.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.views.generic import DetailView, ListView, TemplateView

from forum.core.i18n import in_every_language
from forum.core.preview import PreviewMixin
from forum.models import Committee, CommitteeMember, Participation, Session

# What a session's card shows, and nothing else: a session's row is wide (every text in
# every language), and the columns read are the query's cost to build and to load.
CARD_COLUMNS = [
    "number", "start_date", "end_date", "date_precision", "is_sample", "original_language",
    "status", "published_at",
    *in_every_language("theme", "city"),
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
            Prefetch("participations", queryset=participations)
        )


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
