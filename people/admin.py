"""User and team administration, for administrators only.

The admin site shows people and access, never a person's care record.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from people.models import Organisation, Role, Team, User


class AdministratorsOnly:
    def _is_administrator(self, request) -> bool:
        return request.user.is_active and request.user.has_perm("people.manage_users")

    def has_module_permission(self, request) -> bool:
        return self._is_administrator(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._is_administrator(request)

    def has_add_permission(self, request) -> bool:
        return self._is_administrator(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._is_administrator(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._is_administrator(request)


@admin.register(Organisation)
class OrganisationAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(AdministratorsOnly, BaseUserAdmin, SimpleHistoryAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "team",
        "organisation",
        "is_active",
    ]
    list_filter = ["role", "team", "organisation", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("role", "team", "organisation", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "role", "team", "organisation", "password1", "password2"),
            },
        ),
    )

    def save_model(self, request, obj, form, change) -> None:
        obj.is_staff = obj.role == Role.ADMINISTRATOR
        super().save_model(request, obj, form, change)


admin.site.site_header = "Personal health budgets: administration"
admin.site.site_title = "PHB administration"
admin.site.has_permission = lambda request: (
    request.user.is_active and request.user.has_perm("people.manage_users")
)
