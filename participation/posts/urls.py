from django.urls import path

from participation.posts import pairings, views

urlpatterns = [
    path("", views.index, name="index"),
    path("posts/<slug:slug>/", views.post_detail, name="post"),
    path("totals/<int:year>/", views.totals, name="totals"),
    path("mine/", views.mine, name="mine"),
    path("mine/certificate/<int:year>/", views.certificate, name="certificate"),
    path("<int:post_id>/apply/", views.apply, name="apply"),
    path("duties/<int:duty_id>/sign-up/", views.sign_up, name="sign_up"),
    path("duties/<int:duty_id>/check-in/", views.check_in, name="check_in"),
    path("signups/<int:signup_id>/cancel/", views.cancel, name="cancel"),
    path("pledges/<int:pledge_id>/done/", views.pledge_done, name="pledge_done"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:application_id>/decide/", views.decide, name="decide"),
    path("ideas/<int:suggestion_id>/draft-topic/", views.draft_topic, name="draft_topic"),
    path("roster/<int:post_id>/<int:year>/<int:month>/", views.roster, name="roster"),
    path("pairings/", pairings.pairing_list, name="pairings"),
    path("pairings/<int:pairing_id>/", pairings.pairing_detail, name="pairing"),
    path("visits/<int:visit_id>/", pairings.visit_edit, name="visit"),
]
