from django.urls import path

from participation.hearings import views

urlpatterns = [
    path("<int:hearing_id>/register/", views.register, name="register"),
    path("<int:hearing_id>/opinions/", views.submit_opinion, name="submit_opinion"),
    path("<int:hearing_id>/check-in/", views.check_in, name="check_in"),
    path("registrations/<int:registration_id>/", views.ticket, name="ticket"),
    path("registrations/<int:registration_id>/cancel/", views.cancel, name="cancel"),
    path(
        "registrations/<int:registration_id>/staff-cancel/",
        views.staff_cancel,
        name="staff_cancel",
    ),
    path("registrations/<int:registration_id>/hearing.ics", views.calendar, name="calendar"),
    path("opinions/<int:opinion_id>/withdraw/", views.withdraw_opinion, name="withdraw_opinion"),
    path("opinions/<int:opinion_id>/attachment/", views.attachment, name="attachment"),
]
