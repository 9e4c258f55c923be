from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from portal.accounts.views import home_view


def health(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", home_view, name="home"),
    path("health", health, name="health"),
    path("accounts/", include("portal.accounts.urls")),
    path("people/", include("portal.accounts.people_urls")),
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
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    # The admin signs in through the portal's own form (lockout and two-factor included).
    path(
        "django-admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("django-admin/", admin.site.urls),
]
