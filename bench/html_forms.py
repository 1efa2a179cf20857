"""What a browser would send from a form on a page: its fields and their values as the page
gives them (text, hidden, checked boxes, selected options, textareas), and the choices of
each radio group and set of checkboxes, so a load test can fill a form as a person would."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    values: dict[str, list[str]] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    """Radio groups, checkboxes and selects: every value offered, chosen or not."""

    def data(self, **changes: str | list[str]) -> dict[str, list[str]]:
        """The values to post, with ``changes`` in place of what the page gave."""
        posted = {name: list(values) for name, values in self.values.items()}
        for name, value in changes.items():
            posted[name] = value if isinstance(value, list) else [value]
        return posted


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False

    def _add(self, name: str, value: str) -> None:
        if self._form is not None:
            self._form.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(action=attributes.get("action", ""))
            self.forms.append(self._form)
            return
        name = attributes.get("name")
        if self._form is None:
            return
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                self._form.choices.setdefault(name, []).append(attributes.get("value", "on"))
                if "checked" in attributes:
                    self._add(name, attributes.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._add(name, attributes.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select, self._first_option, self._selected = name, None, False
        elif tag == "option" and self._select:
            value = attributes.get("value", "")
            self._form.choices.setdefault(self._select, []).append(value)
            if self._first_option is None:
                self._first_option = value
            if "selected" in attributes:
                self._add(self._select, value)
                self._selected = True

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            self._form.values[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            if self._textarea and self._form is not None:
                text = self._form.values[self._textarea][-1]
                self._form.values[self._textarea][-1] = text.removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._selected and self._first_option is not None:
                self._add(self._select, self._first_option)
            self._select = None
        elif tag == "form":
            self._form = None


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_to(html: str, action: str) -> Form:
    """The page's form posting to ``action`` (a path); the first form when ``action`` is ''."""
    for form in forms_of(html):
        if not action or form.action.split("?")[0] == action:
            return form
    raise LookupError(f"no form posting to {action!r}")
