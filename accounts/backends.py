"""Django's model backend, with a session's user read from the shared cache under the
generation of the accounts (core.versions): any saved or deleted person (a new flag, a new
password, a deactivation) moves it at once, so nothing about a person is served stale. A
login only stamps last_login, which no page shows, and keeps it (issue 20)."""

from django.contrib.auth.backends import ModelBackend

from core import versions


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user = versions.kept(
            f"bruker:{user_id}", ("felles:accounts",), lambda: super(UserBackend, self).get_user(user_id)
        )
        return user if user is not None and self.user_can_authenticate(user) else None
