"""
The Forum in the open-data API: sessions with their participation, the Organizing
Committee and its Secretariat, people, organisations and institutional pages. Published
content only, whoever asks; the documents app adds its own (documents/api.py).
"""

from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forum.core.api import (
    CountryField,
    Label,
    OriginalLanguage,
    PageLinks,
    PublicViewSet,
    Translated,
    api_url,
)
from forum.models import (
    Committee,
    CommitteeMember,
    Organisation,
    Page,
    Participation,
    Person,
    Secretariat,
    Session,
)


class OrganisationSerializer(serializers.ModelSerializer):
    name = Translated()
    acronym = Translated()
    kind_label = Label(source="kind")
    country = CountryField()
    website = serializers.URLField(allow_blank=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym", "kind", "kind_label", "country", "website"]


class PersonSerializer(serializers.ModelSerializer):
    name = Translated()
    position = Translated()
    country = CountryField()
    organisation = OrganisationSerializer(allow_null=True)

    class Meta:
        model = Person
        fields = ["id", "name", "position", "country", "organisation"]


class SourceSerializer(serializers.Serializer):
    """Where a fact was reported (the news agency, say): null where nothing is given."""

    name = serializers.CharField(source="source_name")
    url = serializers.URLField(source="source_url", allow_blank=True)
    date = serializers.DateField(source="source_date", allow_null=True)

    def to_representation(self, item):
        if not (item.source_name or item.source_url or item.source_date):
            return None
        return super().to_representation(item)


def source():
    return SourceSerializer(source="*", read_only=True, allow_null=True)


class ParticipationSerializer(serializers.ModelSerializer):
    country = CountryField()
    organisation = OrganisationSerializer(allow_null=True)

    class Meta:
        model = Participation
        fields = ["country", "organisation", "is_host"]


def session_summary(request, session):
    """A session as other resources name it (SessionSummarySerializer's shape), or None;
    a dict, where a serializer made for each item would cost a list a third of its time."""
    if session is None:
        return None
    return {
        "number": session.number,
        "url": api_url(request, "session-detail", number=session.number),
    }


class SessionSummarySerializer(serializers.ModelSerializer):
    """A session as other resources name it."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = ["number", "url"]

    def get_url(self, session) -> str:
        return api_url(self.context["request"], "session-detail", number=session.number)


class SessionSerializer(SessionSummarySerializer):
    original_language = OriginalLanguage()
    theme = Translated()
    city = Translated()
    venue = Translated()
    description = Translated()
    date_precision_label = Label(source="date_precision")
    phase = serializers.CharField()
    organiser = OrganisationSerializer(allow_null=True)
    participation = ParticipationSerializer(source="participations", many=True)
    source = source()
    pages = PageLinks()
    documents = serializers.SerializerMethodField()
    calendar = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "number", "url", "theme", "start_date", "end_date", "date_precision",
            "date_precision_label", "phase", "city", "venue", "description", "organiser",
            "reported_country_count", "participation", "original_language", "is_sample",
            "source", "published_at", "updated_at", "pages", "documents", "calendar",
        ]  # fmt: skip

    def get_documents(self, session) -> str:
        """The session's documents in the API (its list, filtered)."""
        return api_url(self.context["request"], "document-list") + f"?session={session.number}"

    def get_calendar(self, session) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(session.get_absolute_url() + "calendar.ics")


class SessionViewSet(PublicViewSet):
    """The Forum's published sessions, newest first, each with who took part."""

    serializer_class = SessionSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        participations = Participation.objects.select_related("organisation")
        return (
            Session.objects.published()
            .select_related("organiser")
            .prefetch_related(Prefetch("participations", queryset=participations))
            .order_by("-number")
        )


class MemberSerializer(serializers.ModelSerializer):
    person = PersonSerializer()
    role_label = Label(source="role")
    position = Translated()
    agency = OrganisationSerializer(allow_null=True)
    country = CountryField()

    class Meta:
        model = CommitteeMember
        fields = [
            "person", "role", "role_label", "position", "agency", "country", "term_start",
            "term_end", "is_sample",
        ]  # fmt: skip


class SecretariatSerializer(serializers.ModelSerializer):
    name = Translated()
    address = Translated()
    email = serializers.EmailField(allow_blank=True)
    website = serializers.URLField(allow_blank=True)

    class Meta:
        model = Secretariat
        fields = ["name", "address", "email", "phone", "website", "is_sample"]


class CommitteeSerializer(serializers.ModelSerializer):
    original_language = OriginalLanguage()
    name = Translated()
    mandate = Translated()
    coordinating_country = CountryField()
    members = MemberSerializer(many=True)
    secretariat = serializers.SerializerMethodField()
    source = source()

    class Meta:
        model = Committee
        fields = [
            "id", "name", "mandate", "established_on", "coordinating_country", "members",
            "secretariat", "original_language", "is_sample", "source", "published_at",
            "updated_at",
        ]  # fmt: skip

    @extend_schema_field(SecretariatSerializer(allow_null=True))
    def get_secretariat(self, committee):
        try:
            secretariat = committee.secretariat
        except Secretariat.DoesNotExist:
            return None
        return SecretariatSerializer(secretariat, context=self.context).data


class CommitteeViewSet(PublicViewSet):
    """The Organizing Committee as published (the newest first), its members and Secretariat."""

    serializer_class = CommitteeSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        members = CommitteeMember.objects.select_related(
            "person__organisation", "agency"
        ).order_by("order", "pk")
        return (
            Committee.objects.published()
            .select_related("secretariat")
            .prefetch_related(Prefetch("members", queryset=members))
            .order_by("-published_at", "-pk")
        )


class PersonViewSet(PublicViewSet):
    """People named by published content: committee members (and, with the documents
    app, authors). Someone entered only for a draft is nobody's business yet."""

    serializer_class = PersonSerializer
    lookup_value_regex = "[0-9]+"

    def named(self):
        """Where published content names a person: a Q on Person."""
        return Q(memberships__committee__in=Committee.objects.published())

    def get_queryset(self):
        return (
            Person.objects.filter(pk__in=Person.objects.filter(self.named()).values("pk"))
            .select_related("organisation")
            .order_by("name_en", "pk")
        )


class OrganisationViewSet(PublicViewSet):
    """Organisations named by published content: organisers, participants, agencies of
    committee members, organisations of the people named (and, with the documents app,
    issuing bodies and lead agencies of initiatives)."""

    serializer_class = OrganisationSerializer
    lookup_value_regex = "[0-9]+"
    people = PersonViewSet

    def named(self):
        """Where published content names an organisation: a Q on Organisation."""
        sessions = Session.objects.published()
        return (
            Q(organised_sessions__in=sessions)
            | Q(participations__session__in=sessions)
            | Q(committee_members__committee__in=Committee.objects.published())
            | Q(people__in=Person.objects.filter(self.people().named()))
        )

    def get_queryset(self):
        return Organisation.objects.filter(
            pk__in=Organisation.objects.filter(self.named()).values("pk")
        ).order_by("name_en", "pk")


class PageSerializer(serializers.ModelSerializer):
    original_language = OriginalLanguage()
    title = Translated()
    summary = Translated()
    body = Translated()
    placement_label = Label(source="placement")
    pages = PageLinks()

    class Meta:
        model = Page
        fields = [
            "slug", "title", "summary", "body", "placement", "placement_label", "position",
            "original_language", "is_sample", "published_at", "updated_at", "pages",
        ]  # fmt: skip


class PageViewSet(PublicViewSet):
    """The institutional pages (about the Forum, contact, accreditation…), their text as
    sanitized HTML."""

    serializer_class = PageSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"  # a slug, as the page's own address takes it

    def get_queryset(self):
        return Page.objects.published().order_by("placement", "position", "pk")
