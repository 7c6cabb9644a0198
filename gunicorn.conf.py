"""gunicorn's settings for Omkreds (read from the working directory: `make serve`, bench/, and
the command lines in docs/deployment.md run from the project's folder).

Link tokens and short codes never reach gunicorn's access or error log (issue 15, point 6).

Metrics (omkreds/lib/metrics.py): each worker is its own process, so each writes its figures
into PROMETHEUS_MULTIPROC_DIR and /metrics adds up all of them, whichever worker answers. The
folder is emptied when gunicorn starts (the figures begin at zero with the server, as a
Prometheus counter may), and a worker that exits is marked so its live gauges drop out.
"""

import os
import tempfile
from pathlib import Path

logger_class = "omkreds.lib.logmask.GunicornLogger"

# Set here, in the master, before any worker imports prometheus_client.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="omkreds-metrics-")


def on_starting(server):
    # Only the figure files: the folder may be one the operator named.
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for old in folder.glob("*.db"):
        old.unlink(missing_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
