from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    path("okonomi/", views.finance, name="finance"),
    path(
        "okonomi/<int:year>/post-<int:item>/<slug:municipality>/",
        views.part_details,
        name="part_details",
    ),
    path("okonomi/kostnadsfordeling-<int:year>.xlsx", views.year_download, name="year_xlsx"),
    path(
        "okonomi/kostnadsfordeling-<int:year>-<slug:municipality>.xlsx",
        views.municipality_download,
        name="municipality_xlsx",
    ),
]
