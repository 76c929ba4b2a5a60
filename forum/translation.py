from modeltranslation.translator import TranslationOptions, register

from forum.models import (
    Committee,
    CommitteeMember,
    Organisation,
    Page,
    Person,
    Secretariat,
    Session,
    SessionPhoto,
)


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "acronym")


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("name", "position")


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("theme", "city", "venue", "description")


@register(Committee)
class CommitteeTranslationOptions(TranslationOptions):
    fields = ("name", "mandate")


@register(CommitteeMember)
class CommitteeMemberTranslationOptions(TranslationOptions):
    fields = ("position",)


@register(Secretariat)
class SecretariatTranslationOptions(TranslationOptions):
    fields = ("name", "address")


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")


@register(SessionPhoto)
class SessionPhotoTranslationOptions(TranslationOptions):
    fields = ("alt_text", "caption")
