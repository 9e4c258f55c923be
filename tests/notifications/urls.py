"""The portal's URLs plus the notifications app, for tests, until portal/urls.py includes it."""

from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [*portal_urlpatterns]
if not any(getattr(p, "namespace", None) == "notifications" for p in portal_urlpatterns):
    urlpatterns.append(path("notifications/", include("portal.notifications.urls")))
