"""
The admin site: the portal's titles, the translation report, and staff login with an
optional second factor (django-otp): whoever has registered a TOTP device must give its
code; with ADMIN_REQUIRE_2FA on, every staff member must. Failed logins are counted and
locked out by django-axes (settings.AXES_*).
"""

from django.conf import settings
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.admin import OTPAdminAuthenticationForm

from forum.core.translation_report import TranslationReportView


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

    def get_urls(self):
        report = self.admin_view(TranslationReportView.as_view())
        return [path("translations/", report, name="translation-report"), *super().get_urls()]
