"""Shared parts of the JSON API: error answers, the body parser and common schemas.

Every app's ninja router is mounted on the one `NinjaAPI` in `omkreds/api.py`, whose default
auth (`omkreds.accounts.api_auth.DEFAULT_AUTH`) and error handlers (`omkreds.lib.api.errors`)
apply to all of them. Nothing here imports an app of Omkreds: what needs one (who the caller
is, which exception means the access log is down) is named by `omkreds/api.py`.
"""
