from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_variables

from common.forms import NHSUKFormMixin
from people.models import User
from people.services import password_change


class SignInForm(NHSUKFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Autofocus skips the skip link and the header for keyboard and
        # screen-reader users; the design system advises against it.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class ChangePasswordForm(NHSUKFormMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, message in (
            ("old_password", "Enter your current password"),
            ("new_password1", "Enter a new password"),
            ("new_password2", "Enter the new password again"),
        ):
            self.fields[name].error_messages["required"] = message

    @method_decorator(sensitive_variables("old", "new"))
    def clean(self) -> dict:
        cleaned_data = super().clean()
        old, new = cleaned_data.get("old_password"), cleaned_data.get("new_password1")
        if old and new and old == new:
            self.add_error(
                "new_password1", "Choose a new password different from your current password."
            )
        return cleaned_data

    def save(self, commit: bool = True) -> User:
        password_change(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class TokenCreateForm(NHSUKFormMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, so that you can tell it apart: a script, a machine.",
        error_messages={"required": "Enter a name for the token, such as what it is for."},
    )
