"""Keep link tokens and short codes out of every log line (issue 15, point 6).

A reply link, a feedback link and a password-reset link carry their secret in the path, and a
server logs paths: gunicorn's access log, the development server's request log, Django's
"Internal Server Error: <path>". Whoever reads those logs could open the page. `mask` puts
`***` in place of each secret path segment, and `MaskTokens` does it to every record it sees:

- the console handler of `settings.LOGGING` (the development server, Django's own loggers),
- gunicorn's access and error logs, through `GunicornLogger` (named by gunicorn.conf.py).
"""

from __future__ import annotations

import logging
import os
import re

from gunicorn import glogging

# The signed tokens are long; the staff's own pages under the same words (`feedback/send/`) are
# short words, so a segment counts as a secret from 20 characters on.
_SIGNED = r"[^/\s?#\"']{20,}"
TOKEN_PATHS = re.compile(
    r"(?P<keep>/(?:reply|feedback)/)"
    + _SIGNED
    # Django's reset link: /password/reset/<uidb64>/<token>/ (the token is 20+ characters).
    + r"|(?P<keep_reset>/password/reset/[^/\s?#\"']+/)"
    + _SIGNED
    # The short codes of the meetings issue: /r/XXXX-XXXX.
    + r"|(?P<keep_code>/r/)[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}"
)
MASK = "***"


def _keep(match: re.Match) -> str:
    kept = match.group("keep") or match.group("keep_reset") or match.group("keep_code")
    return kept + MASK


def mask(text: str) -> str:
    """`text` with every token or short code in a path replaced by ***."""
    return TOKEN_PATHS.sub(_keep, text)


class MaskTokens(logging.Filter):
    """Formats the record's message once and masks it; the record then carries no args."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logging's to report, not ours
            return True
        masked = mask(message)
        if masked != message or record.args:
            record.msg, record.args = masked, ()
        return True


class GunicornLogger(glogging.Logger):
    """gunicorn's logger with every access and error line masked, and written as JSON when
    LOG_FORMAT=json (as the application's own lines are, settings.LOGGING)."""

    def setup(self, cfg):
        super().setup(cfg)
        json_lines = os.environ.get("LOG_FORMAT", "plain") == "json"
        if json_lines:
            from omkreds.lib.logformat import JsonFormatter

        for log in (self.access_log, self.error_log):
            if not any(isinstance(f, MaskTokens) for f in log.filters):
                log.addFilter(MaskTokens())
            if json_lines:
                for handler in log.handlers:
                    handler.setFormatter(JsonFormatter())
