from django.urls import path

from meetings import book_views, calendar_views, minutes_views, views

app_name = "meetings"

urlpatterns = [
    path("moter/<str:meeting>/", views.meeting, name="meeting"),
    path("moter/<str:meeting>/motebok/", book_views.meeting_book, name="book"),
    path("moter/<str:meeting>/protokoll/", minutes_views.minutes_pdf, name="minutes_pdf"),
    path("kalender/", calendar_views.calendar, name="calendar"),
    path("kalender/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
]
