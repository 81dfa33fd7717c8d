"""Simple fixed-window counters in the cache (Redis in production), for login, password
reset and token links. Per account and per address: a school shares one address, so
the address limit is generous."""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

WINDOW = 15 * 60


def client_address(request) -> str:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address the outermost
    one saw: the n-th entry from the right of X-Forwarded-For. Entries further left are
    whatever the client wrote, so they never count."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    return hops[-trusted] if len(hops) >= trusted else remote  # fewer hops: it did not come through them


def _key(scope: str, value: str) -> str:
    # Hashed: no e-mail addresses in the cache, and any input is a valid key.
    return f"rl:{scope}:{hashlib.sha256(value.lower().encode()).hexdigest()}"


def count(scope: str, value: str) -> int:
    return cache.get(_key(scope, value), 0) if value else 0


def hit(scope: str, value: str, window: int = WINDOW) -> int:
    if not value:
        return 0
    key = _key(scope, value)
    if cache.add(key, 1, timeout=window):
        cache.set(f"{key}:until", time.time() + window, timeout=window)
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        cache.set(f"{key}:until", time.time() + window, timeout=window)
        return 1


def over(limits: dict[str, tuple[str, int]]) -> bool:
    """limits: {scope: (value, max)} — True if any is at or over its max."""
    return any(count(scope, value) >= limit for scope, (value, limit) in limits.items())


def retry_after(limits: dict[str, tuple[str, int]]) -> int:
    """Seconds until every limit that is reached has its window end."""
    now = time.time()
    ends = [
        cache.get(f"{_key(scope, value)}:until", now + WINDOW)
        for scope, (value, limit) in limits.items()
        if count(scope, value) >= limit
    ]
    return max([math.ceil(end - now) for end in ends] + [0])
