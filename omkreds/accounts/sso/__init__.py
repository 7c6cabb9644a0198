"""Single sign-on through an organisation's own identity provider (SAML 2.0, OpenID Connect)."""
