from django.urls import path

from meetings import calendar_views

app_name = "meetings"

# Each part adds its own lines: the meeting book, the minutes, the calendar.
urlpatterns: list = [
    path("kalender/", calendar_views.calendar, name="calendar"),
    path("kalender/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
]
