"""Log lines as JSON, one object per line, for log collectors (LOG_FORMAT=json).

The token-masking filter (`logmask.MaskTokens`) runs before the formatter, so the message is
already masked when it gets here; the formatter masks once more whatever else it writes that
could carry a path (the traceback text of an error).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from omkreds.lib.logmask import mask


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id"[, "exception"]}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask(record.getMessage()),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = mask(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = mask(record.exc_text)
        if record.stack_info:
            entry["stack"] = mask(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False, default=str)
