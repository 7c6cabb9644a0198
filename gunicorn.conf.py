"""gunicorn's settings for Omkreds (read from the working directory: `make serve`, bench/, and
the command lines in docs/deployment.md run from the project's folder).

Link tokens and short codes never reach gunicorn's access or error log (issue 15, point 6).
"""

logger_class = "omkreds.lib.logmask.GunicornLogger"
