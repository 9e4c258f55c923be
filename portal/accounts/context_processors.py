from django.conf import settings

from portal.accounts.navigation import navigation_for


def navigation(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "nav_items": navigation_for(request.user, request.path),
    }
