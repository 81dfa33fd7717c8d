from django.db import transaction

from accounts.models import User
from core.audit import audit_record, audited_create
from kommuner.models import Kommune
from veiledning.models import Veiledning


@transaction.atomic
def veiledning_create(
    *, kommune: Kommune, veiledere: list[User], by: User | None = None, source: str = ""
) -> Veiledning:
    veiledning = audited_create(obj=Veiledning(kommune=kommune), by=by, source=source)
    veiledning.veiledere.set(veiledere)
    audit_record(
        obj=veiledning, action="update", by=by, source=source, changes={"veiledere": [[], [u.pk for u in veiledere]]}
    )
    return veiledning
