"""Report builders for the worker tests, loaded into real workers with `--include`: one
that is slow, one stuck where a soft time limit cannot reach it (as in C code), and one
that needs a lot of memory at once, as an oversized report does. object_id is seconds or MB."""

import time

from celery.exceptions import SoftTimeLimitExceeded

from core.reports import register_report

PDF = b"%PDF-1.7\n%test\n"


def slow(object_id: str, language: str, audience: str) -> bytes:
    time.sleep(float(object_id))
    return PDF


def stuck(object_id: str, language: str, audience: str) -> bytes:
    deadline = time.monotonic() + float(object_id)
    while (left := deadline - time.monotonic()) > 0:
        try:
            time.sleep(left)
        except SoftTimeLimitExceeded:
            pass  # deaf to the soft limit: only the hard one stops it
    return PDF


def greedy(object_id: str, language: str, audience: str) -> bytes:
    block = bytearray(int(object_id) * 1024 * 1024)
    return PDF + bytes(block[:1])


register_report("test_slow", slow)
register_report("test_stuck", stuck)
register_report("test_greedy", greedy)
