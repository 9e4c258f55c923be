"""The Django admin, as the portal's staff reach it."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
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


class _KeysOnly:
    """Django's autocomplete widget looks up the posted value to show it again when the form
    has errors; a value that is not a key of the related model (text in a UUID field) made
    that lookup fail with a 500. Values that are not keys are left out; the form's own
    validation still reports them."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        return super().optgroups(name, [v for v in value if _is_key(target, v)], attr)


# The widest key any of our databases stores (a signed 64-bit integer); a larger number
# overflows the database driver rather than matching nothing.
_LARGEST_KEY = 2**63 - 1


def _is_key(field, value) -> bool:
    try:
        key = field.get_prep_value(field.to_python(value))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    return not (isinstance(key, int) and abs(key) > _LARGEST_KEY)


class KeysOnlyAutocompleteSelect(_KeysOnly, AutocompleteSelect):
    pass


class KeysOnlyAutocompleteSelectMultiple(_KeysOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocomplete:
    """For every ModelAdmin and inline with `autocomplete_fields`: hostile values posted to
    them give the form's error, not a 500."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
