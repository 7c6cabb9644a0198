from omkreds.lib.testing.smtp import smtp_server  # noqa: F401  (fixture)
