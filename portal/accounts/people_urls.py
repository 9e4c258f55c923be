"""Staff pages about people (outside /accounts/, so the second factor is required)."""

from django.urls import path

from portal.accounts import invitation_views

app_name = "people"

urlpatterns = [
    path("invitations/", invitation_views.invitation_list_view, name="invitations"),
    path("<uuid:user_id>/invite/", invitation_views.invitation_send_view, name="invitation_send"),
    path(
        "<uuid:user_id>/invitation/revoke/",
        invitation_views.invitation_revoke_view,
        name="invitation_revoke",
    ),
]
