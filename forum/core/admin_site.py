"""
The admin site: the portal's titles, the translation report, and staff login with an
optional second factor (django-otp): whoever has registered a TOTP device must give its
code; with ADMIN_REQUIRE_2FA on, every staff member must. Failed logins are counted and
locked out by django-axes (settings.AXES_*).
"""

import functools

from django.conf import settings
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.admin import OTPAdminAuthenticationForm

from forum.core import desk, registry
from forum.core.translation_report import TranslationReportView

# The accounts' safeguards, listed apart under "Security", with names staff use.
SECURITY_APPS = {
    "axes": _("Logins and lockouts"),
    "otp_totp": _("Authenticator apps"),
    "otp_static": _("Backup codes"),
}
SECURITY_MODELS = {
    "AccessAttempt": _("Lockouts"),
    "AccessLog": _("Logins"),
    "AccessFailureLog": _("Failed logins"),
    "TOTPDevice": _("Authenticator apps"),
    "StaticDevice": _("Backup codes"),
}


class StaffLoginForm(OTPAdminAuthenticationForm):
    def clean_otp(self, user):
        if user is None or (not user_has_device(user) and not settings.ADMIN_REQUIRE_2FA):
            return
        super().clean_otp(user)


class ForumAdminSite(admin.AdminSite):
    site_header = _("Baku Security Forum: administration")
    site_title = _("BSF administration")
    index_title = _("Content of the portal")
    login_form = StaffLoginForm
    login_template = "otp/admin111/login.html"
    index_template = "admin/portal_index.html"

    def has_permission(self, request):
        user = request.user
        if not super().has_permission(request):
            return False
        needs_second_factor = settings.ADMIN_REQUIRE_2FA or user_has_device(user)
        return not needs_second_factor or user.is_verified()

    def admin_view(self, view, cacheable=False):
        return noindex(super().admin_view(view, cacheable))

    def login(self, request, extra_context=None):
        return noindex(super().login)(request, extra_context)

    def get_app_list(self, request, app_label=None):
        """The content apps first, in the registry's order; the security apps last."""
        content = list(dict.fromkeys(model._meta.app_label for model in registry.models()))
        apps = super().get_app_list(request, app_label)
        for app in apps:
            app["security"] = app["app_label"] in SECURITY_APPS
            if app["security"]:
                app["name"] = SECURITY_APPS[app["app_label"]]
                for model in app["models"]:
                    model["name"] = SECURITY_MODELS.get(model["object_name"], model["name"])

        def place(app):
            label = app["app_label"]
            return app["security"], content.index(label) if label in content else len(content)

        return sorted(apps, key=place)

    def index(self, request, extra_context=None):
        apps = self.get_app_list(request)
        context = {
            "desk": desk.panels(request.user),
            "content_apps": [app for app in apps if not app["security"]],
            "security_apps": [app for app in apps if app["security"]],
            "time_zone": settings.TIME_ZONE,
            **(extra_context or {}),
        }
        return super().index(request, context)

    def get_urls(self):
        report = self.admin_view(TranslationReportView.as_view())
        return [path("translations/", report, name="translation-report"), *super().get_urls()]


def noindex(view):
    """The admin's pages ask search engines to leave them out, wherever ADMIN_URL puts
    them (robots.txt names the admin only at its well-known /admin/)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        response = view(*args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped
