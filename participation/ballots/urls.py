from django.urls import path

from participation.ballots import views

urlpatterns = [
    path("<int:ballot_id>/vote/", views.vote, name="vote"),
    path("<int:ballot_id>/result.csv", views.result_csv, name="result_csv"),
    path("<int:ballot_id>/certificate/", views.certificate, name="certificate"),
    path("<int:ballot_id>/receipts/", views.receipts, name="receipts"),
]
