from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from common.forms import NHSUKFormMixin


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


class ChangePasswordForm(NHSUKFormMixin, PasswordChangeForm):
    pass
