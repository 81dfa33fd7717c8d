"""Django's model backend, with a session's user read from the shared cache under the
generation of the accounts (core.versions): any saved or deleted person (a new flag, a new
password, a deactivation) moves it at once, so nothing about a person is served stale. A
login only stamps last_login, which no page shows, and keeps it (issue 20)."""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from core import versions


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        (generation,) = versions.generations("felles:accounts")
        key = f"bruker:{user_id}:{generation}"
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            cache.set(key, user, 60 * 60)
        return user if self.user_can_authenticate(user) else None
