from django.urls import path

from participation.residents import views

app_name = "participation_residents"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("verify/", views.verify_with_code, name="verify"),
    path("profile/my-data.zip", views.download_data, name="download_data"),
    path("delete/", views.delete_account, name="delete_account"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
]
