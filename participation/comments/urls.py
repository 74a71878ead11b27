from django.urls import path

from participation.comments import views

urlpatterns = [
    path("modules/<int:module_id>/post/", views.post_comment, name="post"),
    path("<int:pk>/edit/", views.edit_comment, name="edit"),
    path("<int:pk>/delete/", views.delete_comment, name="delete"),
    path("<int:pk>/report/", views.report_comment, name="report"),
]
