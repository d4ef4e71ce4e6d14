from django.urls import path

from meetings import minutes_views, views

app_name = "meetings"

urlpatterns = [
    path("moter/<str:meeting>/", views.meeting, name="meeting"),
    path("moter/<str:meeting>/protokoll/", minutes_views.minutes_pdf, name="minutes_pdf"),
]
