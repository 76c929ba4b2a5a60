"""
Two people editing the same item: the second save is stopped and told what changed.

The change form carries, hidden, the time the item was last saved when the form was
opened. If the item has been saved since, the form is refused with a message naming
who saved it, when, and which fields they changed (read from the item's revisions);
the editor's own entries stay in the form, and a field the other person changed and
this editor did not takes the other's value (a merge: saving again loses neither). Saving
again, having looked, keeps the form's version of a field both changed.
"""

import datetime

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from reversion.models import Version


def stamp(item):
    return item.updated_at.isoformat() if item.pk and item.updated_at else ""


class ContentForm(forms.ModelForm):
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    user = None  # set by the admin: who fills the form in

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = stamp(self.instance)

    def clean(self):
        cleaned = super().clean()
        seen, current = cleaned.get("seen"), stamp(self.instance)
        if seen and current and seen != current:
            # The next save of this form is a deliberate one: it carries the new stamp.
            self.data = self.data.copy()
            self.data[self.add_prefix("seen")] = current
            raise forms.ValidationError(self.stale_message(seen, cleaned), code="stale")
        return cleaned

    def stale_message(self, seen, cleaned=None):
        versions = list(
            Version.objects.get_for_object(self.instance).select_related("revision__user")[:50]
        )
        latest = versions[0].revision if versions else None
        user = latest.user if latest else None
        who = (user.get_full_name() or user.get_username()) if user else _("someone else")
        when = date_format(timezone.localtime(self.instance.updated_at), "DATETIME_FORMAT")
        opened = next(
            (v for v in versions if _same_time(v.field_dict.get("updated_at"), seen)), None
        )
        changed = self.changed_since(opened.field_dict) if opened else []
        taken, both = self.take_theirs(opened.field_dict, cleaned) if opened else ([], [])
        message = _(
            "%(who)s saved this item at %(when)s, after you opened it. Your changes are "
            "not saved yet and are still in the form."
        ) % {"who": who, "when": when}
        if changed:
            message += " " + _("They changed: %(fields)s.") % {"fields": ", ".join(changed)}
        if taken:
            message += " " + _(
                "Their version of %(fields)s, which you had not changed, is now in the form."
            ) % {"fields": ", ".join(taken)}
        if both:
            both_changed = _("You both changed %(fields)s: the form holds your version.")
            message += " " + both_changed % {"fields": ", ".join(both)}
        return (
            message
            + " "
            + _(
                "Compare with the saved version (open the item in a new tab), then save again "
                "to keep your version."
            )
        )

    def changed_since(self, then):
        """Labels of the form's fields whose stored value differs from ``then``."""
        return [str(self.fields[name].label or name) for name in self.changed_names(then)]

    def changed_names(self, then):
        names = []
        for name in self.fields:
            try:
                column = self._meta.model._meta.get_field(name).attname
            except FieldDoesNotExist:
                continue  # a form-only field
            if column in then and _comparable(self.initial.get(name)) != _comparable(then[column]):
                names.append(name)
        return names

    def take_theirs(self, then, cleaned):
        """Merge: a field the other editor changed and this one did not (its entry is still
        the value of ``then``, the version the form was opened on) takes their value in
        the form. Returns the labels of the fields taken and of those both changed."""
        taken, both = [], []
        for name in self.changed_names(then):
            field = self.fields[name]
            label = str(field.label or name)
            column = self._meta.model._meta.get_field(name).attname
            if cleaned is None or name not in cleaned or isinstance(field, forms.FileField):
                both.append(label)
            elif _comparable(cleaned[name]) == _comparable(then[column]):
                _put(self.data, self.add_prefix(name), field, self.initial.get(name))
                taken.append(label)
            else:
                both.append(label)
        return taken, both


def _same_time(stored, seen):
    """Revisions keep times to the millisecond (Django's JSON encoder)."""
    try:
        seen = timezone.datetime.fromisoformat(seen)
    except (TypeError, ValueError):
        return False
    return stored is not None and abs(stored - seen) < timezone.timedelta(milliseconds=1)


def _comparable(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple) or hasattr(value, "values_list"):
        return sorted(_comparable(v) for v in value) or None
    if isinstance(value, datetime.datetime):
        # As the form's widget posts it, to the second: "publish now" stores microseconds.
        return value.replace(microsecond=0)
    return value if value not in ("", None) else None


def _put(data, key, field, value):
    """A stored value into a form's posted data, as its widget would post it."""
    if isinstance(field, forms.BooleanField):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif isinstance(field, forms.ModelMultipleChoiceField) and hasattr(data, "setlist"):
        data.setlist(key, [str(getattr(v, "pk", v)) for v in value or []])
    elif isinstance(field.widget, forms.MultiWidget):
        # A split widget (the admin's date and time) posts key_0, key_1…, each as it shows.
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        for index, (widget, part) in enumerate(
            zip(field.widget.widgets, field.widget.decompress(value), strict=False)
        ):
            data[f"{key}_{index}"] = "" if part is None else widget.format_value(part) or ""
    elif hasattr(value, "isoformat"):
        data[key] = value.isoformat()
    else:
        data[key] = "" if value is None else str(getattr(value, "pk", value))
