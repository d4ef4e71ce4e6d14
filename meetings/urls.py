from django.urls import path

from meetings import minutes_views

app_name = "meetings"

# Each part adds its own lines: the meeting book, the minutes, the calendar.
urlpatterns: list = [
    path("moter/<str:meeting>/protokoll/", minutes_views.minutes_pdf, name="minutes_pdf"),
]
