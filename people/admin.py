"""User and team administration, for administrators only.

The admin site shows people and access, never a person's care record. An
administrator never sets another user's password: a user they add chooses a new
one at first sign-in, and they can ask anyone to choose a new one at next sign-in.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UsernameField
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from people.models import Organisation, Role, Team, User
from people.services import password_change_force


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


class UserChangeForm(forms.ModelForm):
    """Django's user form without its password field (and its link to set one)."""

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "team",
            "organisation",
            "home_team",
            "is_active",
            "must_change_password",
        ]
        field_classes = {"username": UsernameField}

    def clean(self):
        cleaned = super().clean()
        home_team, organisation = cleaned.get("home_team"), cleaned.get("organisation")
        if home_team is not None and home_team.organisation_id != getattr(organisation, "pk", None):
            self.add_error("home_team", "Choose a team of the reviewer's organisation.")
        return cleaned


@admin.register(User)
class UserAdmin(AdministratorsOnly, BaseUserAdmin, SimpleHistoryAdmin):
    form = UserChangeForm
    actions = ["force_password_change"]
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
        (None, {"fields": ("username",)}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("role", "team", "organisation", "home_team", "is_active")}),
        ("Password", {"fields": ("must_change_password",)}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "role", "team", "organisation", "password1", "password2"),
                "description": (
                    "The password is for the first sign-in only: the new user must then "
                    "choose their own."
                ),
            },
        ),
    )

    def save_model(self, request, obj, form, change) -> None:
        obj.is_staff = obj.role == Role.ADMINISTRATOR
        if not change:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        """No page sets another user's password: ask them to choose one instead."""
        raise Http404("Administrators do not set passwords.")

    @admin.action(description="Ask them to choose a new password at next sign-in")
    def force_password_change(self, request, queryset) -> None:
        for user in queryset:
            password_change_force(user=user)
        self.message_user(
            request,
            f"{len(queryset)} will be asked to choose a new password when they next use the "
            "service.",
            messages.SUCCESS,
        )


admin.site.site_header = "Personal health budgets: administration"
admin.site.site_title = "PHB administration"
admin.site.has_permission = lambda request: (
    request.user.is_active and request.user.has_perm("people.manage_users")
)
