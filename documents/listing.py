"""The active filters of the document list, each with a link that removes it."""

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language_info


def _display(field, name, value):
    if isinstance(value, models.Model):
        return str(value)
    if name == "language":
        return get_language_info(value)["name_translated"]
    if hasattr(value, "strftime"):
        return date_format(value, "DATE_FORMAT")
    return str(dict(field.choices).get(value, value)) if hasattr(field, "choices") else str(value)


def _without(request, name, keep=()):
    query = request.GET.copy()
    query.pop("page", None)
    query.setlist(name, list(keep))
    return f"?{query.urlencode()}"


def active_filters(filterset, request):
    """[{label, value, remove_url}] for each filter value in the query string."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    active = []
    data = filterset.form.cleaned_data
    # In the order the form shows them: the search first (it applies after the others).
    for name in sorted(data, key=lambda name: name != "q"):
        value = data[name]
        if name == "sort" or value in (None, "", []):
            continue
        field = filterset.form.fields[name]
        if isinstance(value, list):
            raw = request.GET.getlist(name)
            for item in value:
                remove_url = _without(request, name, [v for v in raw if v != item])
                active.append(
                    {
                        "label": field.label,
                        "value": _display(field, name, item),
                        "remove_url": remove_url,
                    }
                )
        else:
            active.append(
                {
                    "label": field.label,
                    "value": _display(field, name, value),
                    "remove_url": _without(request, name),
                }
            )
    return active
