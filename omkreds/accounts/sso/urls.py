from django.urls import path

from omkreds.accounts.sso import oidc, saml, views

app_name = "sso"

urlpatterns = [
    path("", views.choose, name="choose"),
    path("saml/<int:organisation_id>/metadata/", saml.MetadataView.as_view(), name="saml_metadata"),
    path("saml/<int:organisation_id>/login/", saml.LoginView.as_view(), name="saml_login"),
    path(
        "saml/<int:organisation_id>/acs/",
        saml.AssertionConsumerServiceView.as_view(),
        name="saml_acs",
    ),
    path("saml/<int:organisation_id>/sls/", saml.LogoutServiceView.as_view(), name="saml_sls"),
    path("saml/<int:organisation_id>/logout/", saml.LogoutInitView.as_view(), name="saml_logout"),
    path("oidc/<int:organisation_id>/login/", oidc.login, name="oidc_login"),
    path("oidc/<int:organisation_id>/callback/", oidc.callback, name="oidc_callback"),
]
