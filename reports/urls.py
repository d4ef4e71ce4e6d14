from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("rapporter/<str:month>/", views.report, name="report"),
    path("rapporter/<str:month>/pdf/", views.report_pdf_download, name="report_pdf"),
    path("rapporter/<str:month>/endringer/", views.changes, name="changes"),
    path("rapporter/<str:month>/versjon/<int:number>/", views.version, name="version"),
    path(
        "rapporter/<str:month>/versjon/<int:number>/endringer/",
        views.changes,
        name="version_changes",
    ),
    path(
        "rapporter/<str:month>/versjon/<int:number>/pdf/",
        views.version_pdf_download,
        name="version_pdf",
    ),
    path(
        "rapporter/<str:month>/versjon/<int:number>/tall/<str:section>.csv",
        views.version_csv,
        name="version_csv",
    ),
    path("rapporter/<str:month>/utkast/", views.draft, name="draft"),
    path("rapporter/<str:month>/utkast/pdf/", views.draft_pdf, name="draft_pdf"),
    path("rapporter/<str:month>/utkast/tall/<str:section>.csv", views.draft_csv, name="draft_csv"),
    path("vedlegg/<int:pk>/", views.attachment, name="attachment"),
    path("saker/<str:case>/", views.case, name="case"),
    path("saker/<str:case>/pdf/", views.case_pdf, name="case_pdf"),
    path("saker/<str:case>/utkast/", views.case_draft, name="case_draft"),
    path("saker/<str:case>/utkast/pdf/", views.case_draft_pdf, name="case_draft_pdf"),
]
