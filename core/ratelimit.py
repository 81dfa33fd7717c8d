"""Simple fixed-window counters in the cache (Redis in production), for login, password
reset and token links. Per account and per address: a school shares one address, so
the address limit is generous."""

from django.core.cache import cache

WINDOW = 15 * 60


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, value: str) -> str:
    return f"rl:{scope}:{value.lower()}"


def count(scope: str, value: str) -> int:
    return cache.get(_key(scope, value), 0) if value else 0


def hit(scope: str, value: str, window: int = WINDOW) -> int:
    if not value:
        return 0
    key = _key(scope, value)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def over(limits: dict[str, tuple[str, int]]) -> bool:
    """limits: {scope: (value, max)} — True if any is at or over its max."""
    return any(count(scope, value) >= limit for scope, (value, limit) in limits.items())
