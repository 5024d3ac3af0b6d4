from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("", views.resource_list_view, name="list"),
    path("<slug:catalog_number>/", views.resource_detail, name="detail"),
    path("<slug:catalog_number>/download/", views.resource_download, name="download"),
    path("<slug:catalog_number>/cover.png", views.resource_cover, name="cover"),
]
