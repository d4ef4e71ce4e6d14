from django.contrib import admin
from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", admin.site.admin_view(views.job_page), name="job"),
    path("<int:pk>/status/", admin.site.admin_view(views.job_state), name="state"),
]
