from django.contrib import admin

from core.admin import AuditedAdmin
from veiledning.models import Veiledning


@admin.register(Veiledning)
class VeiledningAdmin(AuditedAdmin):
    list_display = ["kommune", "steg", "created_at"]
    list_filter = ["steg"]
    autocomplete_fields = ["kommune"]
    filter_horizontal = ["veiledere"]
