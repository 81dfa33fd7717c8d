from django.db.models import Q, QuerySet

from accounts.models import User
from kommuner.selectors import kommune_member_ids, skole_member_ids
from veiledning.models import Veiledning


def veiledninger_for(*, user: User) -> QuerySet[Veiledning]:
    """Veiledere: those they are assigned to (admins: all). Kommune and school roles:
    their own Kommune's (DESIGN.md §9)."""
    qs = Veiledning.objects.select_related("kommune")
    if not user.is_authenticated:
        return qs.none()
    if user.is_admin:
        return qs
    if user.is_veileder:
        return qs.filter(veiledere=user)
    return qs.filter(
        Q(kommune__in=kommune_member_ids(user=user)) | Q(kommune__skoler__in=skole_member_ids(user=user))
    ).distinct()
