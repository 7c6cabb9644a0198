"""Shared parts of the JSON API: authentication, error answers and common schemas.

Every app's ninja router is mounted on the one `NinjaAPI` in `omkreds/api.py`, whose default
auth (`omkreds.lib.api.auth.DEFAULT_AUTH`) and error handlers (`omkreds.lib.api.errors`) apply
to all of them.
"""
