from django.contrib import admin

from digicampus.accounts.models import Guardianship, ImportJob, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("bureau", "school", "classroom", "subject_group")


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Accounts for platform operators; schools manage their people in the normal pages."""

    list_display = ("education_id", "full_name", "email", "phone", "is_active", "last_login")
    list_filter = ("is_active", "is_staff", "language")
    search_fields = ("education_id", "full_name", "email", "phone")
    exclude = ("password", "activation_digest", "user_permissions", "groups")
    readonly_fields = ("last_login", "date_joined", "scope_version")
    inlines = [MembershipInline]


@admin.register(Guardianship)
class GuardianshipAdmin(admin.ModelAdmin):
    list_display = ("parent", "child", "relation")
    list_select_related = ("parent", "child")
    raw_id_fields = ("parent", "child")
    search_fields = ("parent__full_name", "child__full_name")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("original_name", "school", "kind", "status", "created_at")
    list_filter = ("kind", "status")
    list_select_related = ("school",)
    readonly_fields = ("errors", "summary")
