from django.contrib import admin

from digicampus.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is read-only, here as everywhere."""

    list_display = ("created_at", "actor", "verb", "target_repr", "school_id")
    list_filter = ("verb",)
    search_fields = ("target_repr", "verb")
    list_select_related = ("actor",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
