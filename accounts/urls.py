from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import limits, twofactor, views

app_name = "accounts"
urlpatterns = [
    path("logg-inn/", limits.LoginView.as_view(), name="login"),
    path("logg-inn/med/<slug:key>/", views.oidc_start, name="oidc_start"),
    path("logg-inn/med/<slug:key>/tilbake/", views.oidc_callback, name="oidc_tilbake"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
    path(
        "passord/glemt/",
        limits.password_only(
            limits.PasswordResetView.as_view(
                template_name="accounts/password_reset.html",
                email_template_name="accounts/email/password_reset.txt",
                subject_template_name="accounts/email/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "passord/glemt/sendt/",
        limits.password_only(
            auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
        ),
        name="password_reset_done",
    ),
    path(
        "passord/nytt/<uidb64>/<token>/",
        limits.password_only(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="accounts/password_reset_confirm.html",
                success_url=reverse_lazy("accounts:password_reset_complete"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "passord/nytt/ferdig/",
        limits.password_only(
            auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
        ),
        name="password_reset_complete",
    ),
    path("invitasjon/<token:token>/", views.invitation, name="invitation"),
    path("to-faktor/", twofactor.verify, name="to_faktor"),
    path("to-faktor/oppsett/", twofactor.setup, name="to_faktor_oppsett"),
]
