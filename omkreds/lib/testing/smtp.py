"""A real SMTP server on loopback for tests (aiosmtpd), so mail goes through Django's SMTP
backend, a socket and a server, and the test reads back what arrived.

    def test_sends(smtp_server):          # the fixture (registered in conftest or imported)
        ...send mail...
        [message] = smtp_server.messages  # email.message.EmailMessage, parsed
        assert message["To"] == "a@example.org"

The fixture overrides MAILERS so the default mailer is Django's SMTP backend pointed at this
server on 127.0.0.1 and a free port chosen at start.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class _Envelope:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage


@dataclass
class _Collector:
    envelopes: list[_Envelope] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.envelopes.append(_Envelope(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self) -> None:
        self._collector = _Collector()
        self.host = "127.0.0.1"
        self.port = free_port()
        self._controller = Controller(self._collector, hostname=self.host, port=self.port)

    def start(self) -> None:
        """Start serving; after stop(), again on the same port (an outage that ends)."""
        if self._controller.loop.is_closed():
            self._controller = Controller(self._collector, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    @property
    def envelopes(self) -> list[_Envelope]:
        with self._collector.lock:
            return list(self._collector.envelopes)

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [e.message for e in self.envelopes]

    def clear(self) -> None:
        with self._collector.lock:
            self._collector.envelopes.clear()

    @property
    def mailers(self) -> dict:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": self.host, "port": self.port, "timeout": 5},
            }
        }


@pytest.fixture
def smtp_server(settings) -> Iterator[SmtpServer]:
    """A running SMTP server on loopback; the default mailer sends to it for this test."""
    server = SmtpServer()
    server.start()
    settings.MAILERS = server.mailers
    try:
        yield server
    finally:
        server.stop()
