from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path
from django.utils import timezone
from django.views.generic import RedirectView, TemplateView

from portal.accounts import privacy
from portal.accounts.views import home_view


def health(request):
    return HttpResponse("ok", content_type="text/plain")


def security_txt(request):
    """RFC 9116: where to report a vulnerability. `Expires` must be under a year ahead, so it
    is worked out at each request rather than typed in and left to lapse."""
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{settings.SECURITY_CONTACT}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def privacy_notice(request):
    """The notice's table is drawn from the rules the portal follows, so they cannot differ."""
    return render(
        request,
        "pages/privacy.html",
        {"security_contact": settings.SECURITY_CONTACT, "privacy_rows": privacy.notice_rows()},
    )


urlpatterns = [
    path("", home_view, name="home"),
    path("health", health, name="health"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("accounts/", include("portal.accounts.urls")),
    path("people/", include("portal.accounts.people_urls")),
    path("office/", include("portal.accounts.office_urls")),
    path("trainee/", include("trainees.urls")),
    path("supervisor/", include("supervisors.urls")),
    path("applications/", include("requests_ltft.urls")),
    path("return-to-training/", include("returners.urls")),
    path("reports/", include("portal.reports.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", privacy_notice, name="privacy"),
    # The admin signs in through the portal's own form (lockout and two-factor included).
    path(
        "django-admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("django-admin/", admin.site.urls),
]
