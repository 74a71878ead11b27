from django.urls import path

from participation.notifications import views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("items/<int:item_id>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("settings/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("sms/replies/<str:token>/", views.sms_replies, name="sms_replies"),
]
