from django.db.models import QuerySet

from accounts.models import User
from core.models import Paminnelse
from core.reminders import target_of
from veiledning.selectors import samlinger_for, veiledninger_for


def paminnelser_for(*, user: User) -> QuerySet[Paminnelse]:
    """The outbox: admins see all; a veileder the reminders of their programmes."""
    if not user.is_authenticated or not user.sees_all:
        return Paminnelse.objects.none()
    if user.is_admin:
        return Paminnelse.objects.all()
    targets = [target_of(v) for v in veiledninger_for(user=user)]
    targets += [target_of(s) for s in samlinger_for(user=user)]
    return Paminnelse.objects.filter(target__in=targets)
