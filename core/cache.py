"""Django's Redis cache, with one Redis client per connection pool instead of one per call.

Django's backend builds a new `redis.Redis` for every cache operation, and redis-py 5+
fills each new client's table of response callbacks (a few hundred entries, upper-cased one
by one): about 0.3 ms of CPU per `get`, more than the round trip itself, and the session,
the memberships, the generations and a kept body are several gets on every page
(docs/performance.md, issue 20). A client is safe to share: each command takes a connection
from the pool."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

from core.observability import cache_timed


class ReusedClientCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


# Each operation's time counts for the request that asked (core.observability: cache time per view).
for _name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many"):
    setattr(ReusedClientCacheClient, _name, cache_timed(getattr(RedisCacheClient, _name)))


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientCacheClient
