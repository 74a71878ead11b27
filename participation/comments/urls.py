from django.urls import path
from django.views.decorators.http import require_safe

from participation.comments import views
from participation.comments.feeds import ModuleCommentsFeed

urlpatterns = [
    path("modules/<int:module_id>/post/", views.post_comment, name="post"),
    # Public and read-only: anonymous readers may GET it, nothing else.
    path("modules/<int:module_id>/feed/", require_safe(ModuleCommentsFeed()), name="feed"),
    path("<int:pk>/edit/", views.edit_comment, name="edit"),
    path("<int:pk>/delete/", views.delete_comment, name="delete"),
    path("<int:pk>/report/", views.report_comment, name="report"),
]
