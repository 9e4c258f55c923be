from django.urls import path

from portal.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("read-all/", views.notification_mark_all_read_view, name="mark_all_read"),
    path("<uuid:public_id>/read/", views.notification_mark_read_view, name="mark_read"),
]
