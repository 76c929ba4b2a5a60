"""
Two people editing the same item: the second save is stopped and told what changed.

The change form carries, hidden, the time the item was last saved when the form was
opened. If the item has been saved since, the form is refused with a message naming
who saved it, when, and which fields they changed (read from the item's revisions);
the editor's own entries stay in the form. Saving again, having looked, keeps theirs.
"""

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
            raise forms.ValidationError(self.stale_message(seen), code="stale")
        return cleaned

    def stale_message(self, seen):
        versions = list(
            Version.objects.get_for_object(self.instance).select_related("revision__user")[:50]
        )
        latest = versions[0].revision if versions else None
        who = (latest.user if latest else None) or _("someone else")
        when = date_format(timezone.localtime(self.instance.updated_at), "DATETIME_FORMAT")
        opened = next(
            (v for v in versions if _same_time(v.field_dict.get("updated_at"), seen)), None
        )
        changed = self.changed_since(opened.field_dict) if opened else []
        message = _(
            "%(who)s saved this item at %(when)s, after you opened it. Your changes are "
            "not saved yet and are still in the form."
        ) % {"who": who, "when": when}
        if changed:
            message += " " + _("They changed: %(fields)s.") % {"fields": ", ".join(changed)}
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
        labels = []
        for name, field in self.fields.items():
            try:
                column = self._meta.model._meta.get_field(name).attname
            except FieldDoesNotExist:
                continue  # a form-only field
            if column in then and _comparable(self.initial.get(name)) != _comparable(then[column]):
                labels.append(str(field.label or name))
        return labels


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
    return value if value not in ("", None) else None
