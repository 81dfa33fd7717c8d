"""What other apps follow when a Samling changes: the seminar's evaluation, the plans'
follow-up reminders. Veiledning sits below nothing it may call, so they register a
listener here (in their AppConfig.ready()), as reminder kinds register with the engine.

A listener runs inside the service's transaction and takes keyword arguments:
`samling`, `change` (one of the constants below), `by` and `source`."""

from collections.abc import Callable

from accounts.models import User
from veiledning.models import Samling

SCHEDULED = "scheduled"  # set or moved (the oppfølging that follows a seminar too)
CANCELLED = "cancelled"
PARTICIPANTS = "participants"  # Deltakere added

Listener = Callable[..., None]
_listeners: list[Listener] = []


def on_samling_changed(listener: Listener) -> Listener:
    """Register `listener`; registering the same one twice keeps one."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def samling_changed(*, samling: Samling, change: str, by: User | None, source: str = "") -> None:
    for listener in _listeners:
        listener(samling=samling, change=change, by=by, source=source)
