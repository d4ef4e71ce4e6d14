from django.urls import path  # noqa: F401 - the parts below add their pages

app_name = "meetings"

# Each part adds its own lines: the meeting book, the minutes, the calendar.
urlpatterns: list = []
