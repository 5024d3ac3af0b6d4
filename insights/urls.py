from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("staff/analytics/", views.staff_analytics, name="staff_analytics"),
    path(
        "staff/analytics/<slug:table>.csv",
        views.staff_analytics_csv,
        name="staff_analytics_csv",
    ),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path(
        "organizations/<int:pk>/<slug:table>.csv",
        views.organization_csv,
        name="organization_csv",
    ),
]
