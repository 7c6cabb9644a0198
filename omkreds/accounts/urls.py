from django.urls import path

from omkreds.accounts import org_views, otp_views, passkeys, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("second-factor/", otp_views.second_factor, name="second_factor"),
    path("backup-codes/", otp_views.backup_codes, name="backup_codes"),
    path("backup-codes/new/", otp_views.backup_codes_new, name="backup_codes_new"),
    path(
        "passkeys/register/begin/",
        passkeys.RegistrationBegin.as_view(),
        name="passkey_register_begin",
    ),
    path(
        "passkeys/register/complete/",
        passkeys.RegistrationComplete.as_view(),
        name="passkey_register_complete",
    ),
    path(
        "passkeys/authenticate/begin/",
        passkeys.AuthenticationBegin.as_view(),
        name="passkey_authenticate_begin",
    ),
    path(
        "passkeys/authenticate/complete/",
        passkeys.AuthenticationComplete.as_view(),
        name="passkey_authenticate_complete",
    ),
    path("profile/", views.profile, name="profile"),
    path(
        "profile/passkeys/<int:passkey_id>/delete/", passkeys.passkey_delete, name="passkey_delete"
    ),
    path("profile/organisation/", views.switch_organisation, name="switch_organisation"),
    path("profile/tokens/", views.token_new, name="token_new"),
    path("profile/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("password/change/", views.password_change, name="password_change"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("organisation/people/", org_views.people, name="org_people"),
    path("organisation/people/new/", org_views.person_new, name="org_person_new"),
    path("organisation/people/<int:membership_id>/", org_views.person, name="org_person"),
    path(
        "organisation/people/<int:membership_id>/deactivate/",
        org_views.person_deactivate,
        name="org_person_deactivate",
    ),
    path(
        "organisation/people/<int:membership_id>/deactivate-account/",
        org_views.account_deactivate,
        name="org_account_deactivate",
    ),
    path(
        "organisation/people/<int:membership_id>/reactivate/",
        org_views.person_reactivate,
        name="org_person_reactivate",
    ),
    path("organisation/settings/", org_views.organisation_settings, name="org_settings"),
    path("organisation/sign-in/", org_views.identity_provider, name="org_identity_provider"),
]
