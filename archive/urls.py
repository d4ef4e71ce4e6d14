from django.urls import path

from archive import views

app_name = "archive"

urlpatterns = [
    path("arkiv/", views.archive, name="archive"),
    path("sok/", views.search_page, name="search"),
]
