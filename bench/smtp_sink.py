"""A real SMTP server on loopback for the benchmark: the server under test sends its mail here
(EMAIL_HOST/EMAIL_PORT), through Django's SMTP backend and a socket, as in production.

It only counts what it accepts, so the benchmark process spends no time parsing mail while a
request is timed. `SINK` is the running one (bench/run.py starts it), so an operation can check
that the mail it caused arrived.
"""

from __future__ import annotations

import socket
import threading

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


class _Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages = 0
        self.recipients = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            self.messages += 1
            self.recipients += len(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self) -> None:
        with socket.socket() as sock:
            sock.bind((HOST, 0))
            self.port = sock.getsockname()[1]
        self._counter = _Counter()
        self._controller = Controller(self._counter, hostname=HOST, port=self.port)

    @property
    def messages(self) -> int:
        with self._counter.lock:
            return self._counter.messages

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


SINK: SmtpSink | None = None


def start() -> SmtpSink:
    global SINK
    SINK = SmtpSink()
    SINK.start()
    return SINK


def stop() -> None:
    global SINK
    if SINK is not None:
        SINK.stop()
        SINK = None
