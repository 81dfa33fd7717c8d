"""A local SMTP server that counts and discards, in its own process so it does not share
the dispatcher's interpreter. Prints the count when stopped (SIGTERM).

    python bench/smtp_sink.py <port>"""

import signal
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += len(envelope.rcpt_tos)
        return "250 OK"


@contextmanager
def running_sink():
    """Start the sink in its own process on a free port; yields (port, received), where
    received() stops it and returns the count."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sink = subprocess.Popen([sys.executable, __file__, str(port)], stdout=subprocess.PIPE, text=True)
    count: list[int] = []

    def received() -> int:
        if not count:
            sink.terminate()
            count.append(int(sink.stdout.read().split()[-1]))
            sink.wait(timeout=10)
        return count[0]

    try:
        assert sink.stdout.readline().strip() == "ready"
        yield port, received
    finally:
        if not count:
            sink.kill()
            sink.wait(timeout=10)


def main(port: int) -> None:
    counter, stopped = Counter(), threading.Event()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    controller.start()
    print("ready", flush=True)
    stopped.wait()
    controller.stop()
    print(counter.received, flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
