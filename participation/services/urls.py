from django.urls import path

from participation.services import views

urlpatterns = [
    path("<int:module_id>/book/", views.book, name="book"),
    path("<int:module_id>/roster/", views.roster, name="roster"),
    path(
        "<int:module_id>/roster/cadres/<int:cadre_id>.ics",
        views.cadre_calendar,
        name="cadre_calendar",
    ),
    path("bookings/<int:booking_id>/", views.booking, name="booking"),
    path("bookings/<int:booking_id>/cancel/", views.cancel, name="cancel"),
    path("bookings/<int:booking_id>/rate/", views.rate, name="rate"),
    path("bookings/<int:booking_id>/booking.ics", views.calendar, name="calendar"),
]
