"""The browser tests' live server, one request at a time when it shares an in-memory database.

On SQLite the tests' database lives in memory, and Django's live server hands that one
connection to every request thread. A page that loads several things at once (two photos, a
map and its figures) then has two threads using one SQLite connection at the same moment,
which fails at random ("bad parameter or other API misuse", a 500 the test reports). With a
shared connection this server runs the application for one request at a time, the whole
answer included; connections stay parallel (keep-alive works as before). On PostgreSQL every
request thread has its own connection, and requests run in parallel as in production.
"""

from __future__ import annotations

import threading

from django.core.servers.basehttp import ThreadedWSGIServer


class LiveServer(ThreadedWSGIServer):
    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                response = application(environ, start_response)
                try:
                    body = b"".join(response)
                finally:
                    close = getattr(response, "close", None)
                    if close is not None:
                        close()
            return [body]

        return super().set_app(one_at_a_time)


def install() -> None:
    from django.test.testcases import LiveServerThread

    LiveServerThread.server_class = LiveServer
