"""
The editors' desk: the admin's home page, a few short lists for each role, read off the
content registry (so it names no content model) and the workflow's records.

Each list is a fixed number of queries whatever the size of the archive: one per content
type it covers (a type the user has no permission on is skipped), each cut at ``LISTED``
rows, the lists merged and cut again. What shows is a matter of permissions, not of
group names: "add" makes an editor's lists, "publish" a publisher's, "translate" a
translator's; a superuser sees them all.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision, Version

from forum.core import registry
from forum.core.content import Status
from forum.core.i18n import LANGUAGE_CODES, missing_language_q, missing_languages
from forum.core.models import StatusChange
from forum.core.translation_report import outdated_q, reported_models

LISTED = 10  # rows per list
LANGUAGE_NAMES = dict(settings.LANGUAGES)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    url: str
    outdated: bool  # out of date rather than missing


@dataclass(frozen=True)
class Row:
    title: str
    url: str | None
    kind: str  # the content type, as staff call it
    when: datetime | None = None
    who: str = ""
    note: str = ""
    others: int = 0  # more items saved in the same revision
    languages: tuple[Language, ...] = field(default=())


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    empty: str  # what the panel says when its list is empty
    rows: list[Row]


def panels(user):
    """The desk of ``user``: the lists their permissions call for, in reading order."""
    found = []
    drafting = models_with(user, "add", registry.publishable())
    if drafting:
        found += [
            Panel("drafts", _("My drafts"), _("No draft of yours."), my_drafts(user, drafting)),
            Panel(
                "sent-back",
                _("Sent back"),
                _("Nothing was sent back from review."),
                sent_back(drafting),
            ),
        ]
    publishing = models_with(user, "publish", registry.publishable())
    if publishing:
        found += [
            Panel(
                "review",
                _("Awaiting review"),
                _("Nothing awaits review."),
                awaiting_review(publishing),
            ),
            Panel("scheduled", _("Scheduled"), _("Nothing is scheduled."), scheduled(publishing)),
        ]
    translating = models_with(user, "translate", reported_models())
    if translating:
        found.append(
            Panel(
                "translations",
                _("Missing or stale in your languages"),
                _("Every language is complete and up to date."),
                translations(translating),
            )
        )
    found.append(Panel("recent", _("Recent changes"), _("No change yet."), recent_changes(user)))
    return found


def models_with(user, action, models):
    """Those of ``models`` with an admin of their own on which ``user`` may ``action``."""
    return [
        model
        for model in models
        if admin.site.is_registered(model)
        and user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
    ]


def change_url(model, pk):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])


def language_url(model, pk, language):
    """The item's change page at a language's tab: the form's language switch
    (forum/core/static/core/admin/form_languages.js) reads ``?language=``, and
    ``#language-`` too."""
    return f"{change_url(model, pk)}?language={language}#language-{language}"


def steps(model):
    """The workflow's steps of each item of ``model``, the latest first (a subquery)."""
    kind = ContentType.objects.get_for_model(model)
    return StatusChange.objects.filter(content_type=kind, object_id=OuterRef("pk")).order_by(
        "-changed_at", "-pk"
    )


def latest(rows_by_model, key, reverse_order=False):
    """Merge the lists of several content types and keep the first ``LISTED``."""
    rows = [row for rows in rows_by_model for row in rows]
    rows.sort(key=key, reverse=reverse_order)
    return rows[:LISTED]


def row(item, **kwargs):
    model = type(item)
    return Row(str(item), change_url(model, item.pk), model._meta.verbose_name, **kwargs)


def my_drafts(user, models):
    """Drafts ``user`` created (the workflow's first step) or changed last (the latest
    revision of django-reversion)."""
    found = []
    for model in models:
        kind = ContentType.objects.get_for_model(model)
        revisions = Version.objects.filter(
            content_type=kind, object_id=Cast(OuterRef("pk"), CharField())
        ).order_by("-revision__date_created", "-pk")
        items = (
            model.objects.filter(status=Status.DRAFT)
            .annotate(
                creator=Subquery(steps(model).filter(from_status="").values("changed_by")[:1]),
                editor=Subquery(revisions.values("revision__user")[:1]),
            )
            .filter(Q(creator=user.pk) | Q(editor=user.pk))
            .order_by("-updated_at", "-pk")[:LISTED]
        )
        found.append([row(item, when=item.updated_at) for item in items])
    return latest(found, key=lambda r: r.when, reverse_order=True)


def sent_back(models):
    """Drafts whose last workflow step returned them from review, whoever wrote them."""
    found = []
    for model in models:
        items = (
            model.objects.filter(status=Status.DRAFT)
            .annotate(
                came_from=Subquery(steps(model).values("from_status")[:1]),
                returned_at=Subquery(steps(model).values("changed_at")[:1]),
                returned_by=Subquery(steps(model).values("changed_by__username")[:1]),
            )
            .filter(came_from=Status.IN_REVIEW)
            .order_by("-returned_at")[:LISTED]
        )
        found.append(
            [row(item, when=item.returned_at, who=item.returned_by or "") for item in items]
        )
    return latest(found, key=lambda r: r.when, reverse_order=True)


def awaiting_review(models):
    """Items in review, the longest waiting first."""
    found = []
    for model in models:
        sent = steps(model).filter(to_status=Status.IN_REVIEW)
        items = (
            model.objects.filter(status=Status.IN_REVIEW)
            .annotate(
                sent_at=Coalesce(Subquery(sent.values("changed_at")[:1]), F("updated_at")),
                sent_by=Subquery(sent.values("changed_by__username")[:1]),
            )
            .order_by("sent_at", "pk")[:LISTED]
        )
        found.append([row(item, when=item.sent_at, who=item.sent_by or "") for item in items])
    return latest(found, key=lambda r: r.when)


def scheduled(models):
    """Items published for a time still to come, the soonest first."""
    found = []
    for model in models:
        items = model.objects.scheduled().order_by("published_at", "pk")[:LISTED]
        found.append([row(item, when=item.published_at) for item in items])
    return latest(found, key=lambda r: r.when)


def translations(models):
    """
    Items missing a language, or translated before their original last changed, in the
    languages a translator works in. There is no per-user language setting: a
    translator's languages are all but each item's original.
    """
    found = []
    for model in models:
        has_original = hasattr(model, "original_language")
        condition = Q(pk__in=[])
        for language in LANGUAGE_CODES:
            lacking = missing_language_q(model, language) | outdated_q(model, language)
            if has_original:
                lacking &= ~Q(original_language=language)
            condition |= lacking
        items = model.objects.filter(condition).order_by("-updated_at", "-pk")[:LISTED]
        found.append([translation_row(item) for item in items])
    return latest(found, key=lambda r: r.when, reverse_order=True)


def translation_row(item):
    model = type(item)
    original = getattr(item, "original_language", None)
    missing = [code for code in missing_languages(item) if code != original]
    stale = item.outdated_languages() if hasattr(item, "outdated_languages") else []
    languages = tuple(
        Language(code, LANGUAGE_NAMES[code], language_url(model, item.pk, code), code in stale)
        for code in LANGUAGE_CODES
        if code in missing or code in stale
    )
    return row(item, when=item.updated_at, languages=languages)


def recent_changes(user):
    """django-reversion's latest revisions: who saved what, and when. A revision holds
    an item with its inline rows; the first version with an admin of its own names it."""
    revisions = (
        Revision.objects.select_related("user")
        .prefetch_related(
            Prefetch("version_set", Version.objects.select_related("content_type").order_by("pk"))
        )
        .order_by("-date_created", "-pk")[:LISTED]
    )
    rows = []
    for revision in revisions:
        # Only what the user may see: a revision of nothing they may view is not listed.
        versions = [v for v in revision.version_set.all() if viewable(user, v.content_type)]
        if not versions:
            continue
        named = versions[0]
        model = named.content_type.model_class()
        url = change_url(model, named.object_id)
        kind = model._meta.verbose_name if model else named.content_type.name
        who = (
            revision.user.get_full_name() or revision.user.get_username() if revision.user else ""
        )
        rows.append(
            Row(
                named.object_repr,
                url,
                kind,
                when=revision.date_created,
                who=who,
                note=revision.get_comment(),
                others=len(versions) - 1,
            )
        )
    return rows


def viewable(user, content_type):
    model = content_type.model_class()
    return (
        model is not None
        and admin.site.is_registered(model)
        and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    )
