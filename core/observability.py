"""What operators see of each request (issue 22): its id, carried into the log lines it
writes and into the Celery tasks it starts, and its count, latency, database and cache time
for Prometheus, labelled by view (a URL pattern's name, so the labels stay few).

Metrics live in this process. Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR
to an empty folder shared by the workers (cleared at each start): the scrape then adds up
every worker's figures (prometheus_client's multiprocess mode)."""

import logging
import os
import re
import time
import uuid
from contextvars import ContextVar

import structlog
from celery import current_task
from django.db import connections
from prometheus_client import CollectorRegistry, Counter, Histogram, multiprocess

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="")
_cache_seconds: ContextVar[list | None] = ContextVar("cache_seconds", default=None)
HEADER = "X-Request-ID"
# An id a proxy in front sends is kept when it is plain (letters, digits, dashes, at most 64):
# the same id then runs through the proxy's log and ours. Anything else gets a new one.
VALID_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

REGISTRY = CollectorRegistry(auto_describe=True)
SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
REQUESTS = Counter(
    "vts_http_requests", "Requests answered, by view, method and status.", ["view", "method", "status"],
    registry=REGISTRY,
)  # fmt: skip
LATENCY = Histogram(
    "vts_http_request_seconds", "Time to answer, by view.", ["view"], buckets=SECONDS, registry=REGISTRY
)
DB_SECONDS = Histogram(
    "vts_http_db_seconds", "Time in database queries per request, by view.", ["view"], buckets=SECONDS,
    registry=REGISTRY,
)  # fmt: skip
DB_QUERIES = Histogram(
    "vts_http_db_queries", "Database queries per request, by view.", ["view"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200), registry=REGISTRY,
)  # fmt: skip
CACHE_SECONDS = Histogram(
    "vts_http_cache_seconds", "Time in the shared cache (Redis) per request, by view.", ["view"], buckets=SECONDS,
    registry=REGISTRY,
)  # fmt: skip


def registry() -> CollectorRegistry:
    """What a scrape reads: every worker's figures in multiprocess mode, else this process's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined)
        return combined
    return REGISTRY


def new_id(given: str = "") -> str:
    return given if given and VALID_ID.match(given) else uuid.uuid4().hex


def cache_timed(method):
    """Wraps a cache client's method: its time counts for the request that called it."""

    def timed(*args, **kwargs):
        spent = _cache_seconds.get()
        if spent is None:
            return method(*args, **kwargs)
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    timed.__wrapped__ = method
    return timed


class _QueryTimer:
    def __init__(self):
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def _view(request, response) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return match.view_name
    return "static" if response.get("Content-Type", "").startswith(("text/css", "application/javascript")) else "none"


class RequestObservationMiddleware:
    """First in the chain: the request's id (kept from the proxy if plain, else new), on the
    response too; its time, its database and cache time and its query count, by view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_id(request.headers.get(HEADER, ""))
        request.request_id = request_id
        token = REQUEST_ID.set(request_id)
        cache_token = _cache_seconds.set([0.0])
        timer = _QueryTimer()
        started = time.perf_counter()
        try:
            with connections["default"].execute_wrapper(timer):
                response = self.get_response(request)
            seconds = time.perf_counter() - started
            view = _view(request, response)
            REQUESTS.labels(view, request.method, str(response.status_code)).inc()
            LATENCY.labels(view).observe(seconds)
            DB_SECONDS.labels(view).observe(timer.seconds)
            DB_QUERIES.labels(view).observe(timer.count)
            CACHE_SECONDS.labels(view).observe(_cache_seconds.get()[0])
            response[HEADER] = request_id
            return response
        finally:
            _cache_seconds.reset(cache_token)
            REQUEST_ID.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the current request's (or task's) id on every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        task = current_task
        if task and getattr(task.request, "id", None):
            record.task_id, record.task_name = task.request.id, task.name
        return True


def _ids(_logger, _method, event: dict) -> dict:
    """The request's (or task's) id, and a worker's task, from the record RequestIdFilter marked."""
    record = event.get("_record")
    event["request_id"] = getattr(record, "request_id", "") or REQUEST_ID.get()
    for name in ("task_id", "task_name"):
        if getattr(record, name, None):
            event[name] = getattr(record, name)
    return event


def JsonFormatter() -> structlog.stdlib.ProcessorFormatter:
    """One JSON object a line, by structlog: time (UTC, ISO 8601), level, logger, message,
    request id, and an exception's text where there is one. Every library's stdlib logging
    goes through it, so a log shipper reads all lines without a parser of its own."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            structlog.processors.TimeStamper(fmt="iso", utc=True, key="time"),
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            _ids,
            structlog.processors.format_exc_info,
            structlog.processors.EventRenamer("message"),
        ],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
    )


# --- Into Celery: the id travels in the task message's headers ----------------------------


def _publish(headers=None, **kwargs):
    if headers is not None and REQUEST_ID.get():
        headers.setdefault("request_id", REQUEST_ID.get())


_task_tokens: dict = {}


def _task_started(task_id=None, task=None, **kwargs):
    request = getattr(task, "request", None)
    given = getattr(request, "request_id", None) or (getattr(request, "headers", None) or {}).get("request_id")
    if given is None and REQUEST_ID.get():
        return  # run in-process (eager, in a test or a management command): the caller's id stands
    _task_tokens[task_id] = REQUEST_ID.set(new_id(given or ""))


def _task_finished(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        REQUEST_ID.reset(token)


def connect() -> None:
    """Called once from CoreConfig.ready."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(_publish, weak=False, dispatch_uid="request-id-publish")
    task_prerun.connect(_task_started, weak=False, dispatch_uid="request-id-prerun")
    task_postrun.connect(_task_finished, weak=False, dispatch_uid="request-id-postrun")
