"""
Readable history: what a version holds, named and shown as the change form shows it.

django-reversion keeps each save as a version (the field values of the item and of the
rows it follows, its attachments say); reversion-compare compares two of them. Here the
comparison lists the fields that changed, each named by its form label ("Title
(Russian)" for a language version), its values as the admin shows them (dates in the
admin's format, a choice by its label, a related item by its name, an empty value as
"—", formatted text as text), the changed words marked. Fields staff do not edit (the
timestamps, the search index, the language stamps) are left out, and so are the status
and publication time: a restore never brings them back, and the item's workflow history
lists every move of them. The same reading says, before a restore, what it will change.
"""

import difflib
import html
import re
import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField
from reversion.models import Version
from reversion.revisions import _get_options, is_registered

from forum.core.i18n import translated_fields

EMPTY = "—"
# Shown elsewhere (the workflow history on the item's page), and never restored.
PUBLICATION = {"status", "published_at"}
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
BLOCK_END = re.compile(r"<\s*(br\s*/?|/\s*(p|li|h[1-6]|blockquote|div|tr))\s*>", re.IGNORECASE)
WORD = re.compile(r"\w+|\s+|[^\w\s]")


def field_label(field):
    """The field's name as its form shows it; a language version says its language."""
    if isinstance(field, TranslationField):
        languages = dict(settings.LANGUAGES)
        return format_lazy(
            _("{field} ({language})"),
            field=capfirst(field.translated_field.verbose_name),
            language=languages.get(field.language, field.language),
        )
    return capfirst(field.verbose_name)


def shown_fields(model):
    """The model's fields a comparison shows, in the model's order."""
    translated = set(translated_fields(model, text_only=False))
    fields = []
    for field in model._meta.concrete_fields:
        if (
            field.primary_key
            or not field.editable
            or getattr(field, "generated", False)
            or field.name in PUBLICATION
            or field.name in translated  # the original of a translated field: its languages show
        ):
            continue
        fields.append(field)
    fields += list(model._meta.many_to_many)
    return fields


def as_text(markup):
    """Formatted text as the reader reads it: one line a paragraph, no tags."""
    text = BLOCK_END.sub("\n", markup)
    text = html.unescape(TAG.sub("", text))
    return "\n".join(line.strip() for line in text.splitlines()).strip()


def display(field, value):
    """A stored value as the admin shows it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if isinstance(field, models.DateTimeField) and isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, zoneinfo.ZoneInfo("UTC"))
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(field, models.DateField) and isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(field, models.ManyToManyField):
        related = field.related_model._base_manager.filter(pk__in=value)
        names = {item.pk: str(item) for item in related}
        return ", ".join(names.get(pk, f"#{pk}") for pk in value)
    if field.is_relation:
        item = field.related_model._base_manager.filter(pk=value).first()
        return str(item) if item is not None else f"#{value}"
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(value, str) and TAG.search(value):
        return as_text(value) or EMPTY
    return str(value)


def values(field, data):
    return data.get(field.attname, data.get(field.name))


def changed_fields(model, old, new):
    """(field, old value, new value) of each shown field that differs between two
    versions' field data (``Version.field_dict``)."""
    result = []
    for field in shown_fields(model):
        if field.attname not in old and field.attname not in new:
            continue
        before, after = values(field, old), values(field, new)
        if _comparable(before) != _comparable(after):
            result.append((field, before, after))
    return result


def _comparable(value):
    if value in ("", None, []):
        return None
    if isinstance(value, list):
        return sorted(value, key=str)
    return value


def word_diff(old, new):
    """The two texts as one, the words taken out in <del>, the words put in in <ins>; a
    run of changed words (the spaces between them too) is marked as one."""
    a, b = WORD.findall(old), WORD.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    runs = []  # [taken out, put in, kept], kept being the unchanged text after them
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            kept = "".join(a[i1:i2])
            if runs and not kept.strip() and i2 < len(a) and runs[-1][2] == "":
                # Only spaces between two changes: part of one change.
                runs[-1][0] += kept
                runs[-1][1] += kept
            elif runs and runs[-1][2] == "" and (runs[-1][0] or runs[-1][1]):
                runs[-1][2] = kept
            else:
                runs.append(["", "", kept])
            continue
        if not runs or runs[-1][2]:
            runs.append(["", "", ""])
        runs[-1][0] += "".join(a[i1:i2])
        runs[-1][1] += "".join(b[j1:j2])
    out = []
    for taken, put, kept in runs:
        if taken:
            out.append(f"<del>{escape(taken)}</del>")
        if put:
            out.append(f"<ins>{escape(put)}</ins>")
        out.append(escape(kept))
    return mark_safe(f'<div class="history-diff">{"".join(out)}</div>')


def field_changes(model, old, new):
    """[{"label", "diff"}] of the shown fields that differ."""
    return [
        {"label": field_label(field), "diff": word_diff(display(field, a), display(field, b))}
        for field, a, b in changed_fields(model, old, new)
    ]


def followed_changes(model, obj, version1, version2):
    """What changed among the rows the item's versions follow (its attachments, say):
    each row added, removed or changed, by name, with the changed fields."""
    result = []
    for name in _get_options(model).follow:
        try:
            relation = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a followed attribute that is no field
            continue
        related = getattr(relation, "related_model", None)
        if related is None or not relation.one_to_many or not is_registered(related):
            continue
        remote = relation.field.attname

        def rows(version, related=related, remote=remote):
            found = Version.objects.filter(revision_id=version.revision_id).get_for_model(related)
            return {v.object_id: v for v in found if str(v.field_dict.get(remote)) == str(obj.pk)}

        before, after = rows(version1), rows(version2)
        lines = []
        for key in sorted(set(before) | set(after), key=str):
            if key not in before:
                lines.append(format_lazy(_("added: {item}"), item=after[key].object_repr))
            elif key not in after:
                lines.append(format_lazy(_("removed: {item}"), item=before[key].object_repr))
            else:
                changed = changed_fields(related, before[key].field_dict, after[key].field_dict)
                if changed:
                    lines.append(
                        format_lazy(
                            _("changed: {item} ({fields})"),
                            item=after[key].object_repr,
                            fields=", ".join(str(field_label(f)) for f, _a, _b in changed),
                        )
                    )
        if lines:
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            result.append(
                {
                    "label": capfirst(related._meta.verbose_name_plural),
                    "diff": mark_safe(f'<ul class="history-rows">{items}</ul>'),
                }
            )
    return result


def current_data(obj):
    """The item's stored values, keyed as a version's field data."""
    stored = type(obj)._base_manager.filter(pk=obj.pk).first() or obj
    data = {
        field.attname: getattr(stored, field.attname) for field in stored._meta.concrete_fields
    }
    for field in stored._meta.many_to_many:
        data[field.attname] = list(getattr(stored, field.name).values_list("pk", flat=True))
    return data


class ReadableHistoryMixin:
    """For a CompareVersionAdmin: a readable comparison, and a restore that says first
    what it will change."""

    compare_template = "admin/history/compare.html"

    def compare(self, obj, version1, version2):
        model = type(obj)
        diff = field_changes(model, version1.field_dict, version2.field_dict)
        diff += followed_changes(model, obj, version1, version2)
        return diff, False

    def revision_view(self, request, object_id, version_id, extra_context=None):
        object_id = self.checked_id(object_id)
        if request.method == "GET":
            self.announce_restore(request, object_id, version_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        return super().compare_view(request, self.checked_id(object_id), extra_context)

    def checked_id(self, object_id):
        """The id of an address, as the model's key takes it; a 404 for one it cannot."""
        try:
            return str(self.model._meta.pk.to_python(object_id))
        except ValidationError as error:
            raise Http404 from error

    def announce_restore(self, request, object_id, version_id):
        obj = self.model._base_manager.filter(pk=object_id).first()
        version = Version.objects.get_for_object_reference(self.model, object_id).filter(
            pk=version_id
        )
        version = version.first()
        if obj is None or version is None:
            return
        changed = changed_fields(self.model, current_data(obj), version.field_dict)
        if changed:
            messages.warning(
                request,
                _(
                    "Restoring this version will change: %(fields)s. Nothing changes until "
                    "you save."
                )
                % {"fields": ", ".join(str(field_label(f)) for f, _a, _b in changed)},
            )
        else:
            messages.info(
                request,
                _(
                    "This version's fields are the same as the item's now: restoring it changes "
                    "none of them."
                ),
            )
