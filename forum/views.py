from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.views.generic import DetailView, ListView, TemplateView

from documents.models import Document, Kind
from forum.models import Committee, CommitteeMember, Participation, Session
from forum.preview import PreviewMixin

PER_KIND = 10  # documents of each kind listed on a session's page


class SessionMixin:
    def get_queryset(self):
        return Session.objects.published().select_related("organiser")


class HomeView(TemplateView):
    template_name = "forum/home.html"

    def get_context_data(self, **kwargs):
        sessions = list(Session.objects.published().select_related("organiser")[:4])
        featured = Session.objects.current_or_next() or (sessions[0] if sessions else None)
        return super().get_context_data(
            featured=featured,
            other_sessions=[s for s in sessions if s != featured][:3],
            latest_documents=Document.objects.for_listing().order_by("-published_at")[:6],
            **kwargs,
        )


class SessionListView(SessionMixin, ListView):
    context_object_name = "sessions"
    paginate_by = 25


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

    def get_context_data(self, **kwargs):
        """The session's documents by kind: the newest few of each, and how many in all."""
        documents = Document.objects.for_listing().filter(session=self.object)
        counts = dict(documents.order_by().values_list("kind").annotate(total=Count("pk")))
        place = Window(
            RowNumber(), partition_by=[F("kind")], order_by=[F("date").desc(), F("pk").desc()]
        )
        by_kind = {kind: [] for kind in Kind}
        for document in documents.annotate(place=place).filter(place__lte=PER_KIND):
            by_kind[document.kind].append(document)
        groups = [
            {"kind": kind, "documents": found, "total": counts[kind]}
            for kind, found in by_kind.items()
            if found
        ]
        return super().get_context_data(document_groups=groups, **kwargs)


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
