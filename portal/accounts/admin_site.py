"""The Django admin, as the portal's staff reach it."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404


class PortalAdminSite(admin.AdminSite):
    """A signed-in person who may not use the admin gets the portal's 404.

    Django's admin sends them to its sign-in page, which is the portal's own; that page sees
    them already signed in and sends them back to the admin, and the browser gives up with
    "too many redirects". People not signed in are still sent to sign in."""

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def refuse_signed_in_non_staff(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return refuse_signed_in_non_staff


class PortalAdminConfig(AdminConfig):
    """Installed in place of "django.contrib.admin", so `admin.site` is a PortalAdminSite."""

    default_site = "portal.accounts.admin_site.PortalAdminSite"
