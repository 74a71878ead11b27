from django.urls import path

from participation.notifications import views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("items/<int:item_id>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("settings/", views.preferences, name="preferences"),
    path("follow/<int:page_id>/", views.follow, name="follow"),
    path("follows/<int:follow_id>/unfollow/", views.unfollow, name="unfollow"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("sms/replies/<str:token>/", views.sms_replies, name="sms_replies"),
]
