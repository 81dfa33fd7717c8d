"""A local SMTP server that counts and discards, in its own process so it does not share
the dispatcher's interpreter. Prints the count when stopped (SIGTERM).

    python bench/smtp_sink.py <port>"""

import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += len(envelope.rcpt_tos)
        return "250 OK"


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
