from django.urls import path

app_name = "returners"

urlpatterns: list = []
