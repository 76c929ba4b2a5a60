"""Staff preview: an unpublished item at its public address, marked and never cached."""

from django.contrib import admin
from django.http import Http404
from django.utils.cache import add_never_cache_headers


class PreviewMixin:
    """For detail views: staff see unpublished items; everyone else gets a 404."""

    def can_preview(self):
        # Whoever may enter the admin: staff, with their second factor where it is asked.
        return admin.site.has_permission(self.request)

    def is_public(self, obj):
        return obj.is_public

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.is_public(obj) and not self.can_preview():
            raise Http404
        return obj

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=not self.is_public(self.object), **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.is_public(self.object):
            add_never_cache_headers(response)
        return response
