from django.db.models import Prefetch
from django.http import Http404
from django.views.generic import DetailView, ListView, TemplateView

from documents.models import Document, Kind
from forum.models import Committee, CommitteeMember, Participation, Session
from forum.preview import PreviewMixin


class SessionMixin:
    def get_queryset(self):
        return Session.objects.published().select_related("organiser")


class HomeView(TemplateView):
    template_name = "forum/home.html"

    def get_context_data(self, **kwargs):
        sessions = list(SessionMixin().get_queryset()[:4])
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
        documents = Document.objects.for_listing().order_by("date", "pk")
        sessions = Session.objects if self.can_preview() else Session.objects.published()
        return sessions.select_related("organiser").prefetch_related(
            Prefetch("participations", queryset=participations),
            Prefetch("documents", queryset=documents),
        )

    def get_context_data(self, **kwargs):
        by_kind = {kind: [] for kind in Kind}
        for document in self.object.documents.all():
            by_kind[document.kind].append(document)
        groups = [(kind.label, documents) for kind, documents in by_kind.items() if documents]
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
