from django.urls import path

from publicaccess import views

app_name = "publicaccess"

# The public's pages (offentleglova): no sign-in, read-only. <kind> is a PublicEdition.Kind.
urlpatterns = [
    path("", views.index, name="index"),
    path("moter/<str:meeting>/", views.meeting, name="meeting"),
    path("<str:kind>/<str:slug>/v<int:number>/", views.edition, name="edition"),
    path("<str:kind>/<str:slug>/v<int:number>/pdf/", views.edition_pdf, name="edition_pdf"),
    path("report/<str:slug>/v<int:number>/tall/<str:section>.csv", views.edition_csv, name="csv"),
    path("vedlegg/<int:pk>/", views.attachment, name="attachment"),
    path("sok/", views.search, name="search"),
    path("feed.atom", views.feed, name="feed"),
]
