from django.urls import path

from meetings import book_views

app_name = "meetings"

# Each part adds its own lines: the meeting book, the minutes, the calendar.
urlpatterns: list = [
    path("moter/<str:meeting>/motebok/", book_views.meeting_book, name="book"),
]
