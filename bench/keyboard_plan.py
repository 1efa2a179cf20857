"""Benchmark: creating and submitting a three-line care plan by keyboard alone, in Chromium.

From the person's page, by keyboard only: start a care plan, fill in what the plan says,
add 2 outcomes, 1 risk and 3 spending lines, and submit it for sign-off. Counts the page
loads (every ``load`` of the page, the person's page first) and the key presses (each
character typed is one, as are Tab, Enter, Space and the arrows), and prints them: with
JavaScript (the editor in place) and, with ``--no-js``, the same journey page by page.

Run it against a live server (``make run``) as a coordinator, on a person of their team
with an indicative budget and no care plan yet::

    .venv/bin/python bench/keyboard_plan.py --url http://127.0.0.1:8000 \\
        --username coordinator --password demo-phb-2026 --person /participants/3/ \\
        --coordinator Cara --start 01/04/2026 --first-review 28/06/2026

The browser tests run the same journey (``tests/browser/test_keyboard_journey.py``).
"""

import argparse
import os
import shutil
from dataclasses import dataclass, field

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@dataclass
class Journey:
    """The figures of one journey."""

    loads: list[str] = field(default_factory=list)
    keys: int = 0
    typed: int = 0
    tabs: list[tuple[str, int]] = field(default_factory=list)

    def summary(self, label: str) -> str:
        tabs = sum(count for _, count in self.tabs)
        return (
            f"{label:<34} {len(self.loads):>3} page loads   {self.keys:>5} key presses "
            f"({self.typed} typed, {tabs} Tab)"
        )


class Keyboard:
    """The page's keyboard, counting every key pressed."""

    def __init__(self, page, journey: Journey) -> None:
        self.page = page
        self.journey = journey

    def press(self, key: str) -> None:
        self.journey.keys += 1
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.journey.keys += len(text)
        self.journey.typed += len(text)
        self.page.keyboard.type(text)

    def enter_and_load(self) -> None:
        """Enter on a link or button that loads a page; wait for the page."""
        with self.page.expect_navigation(wait_until="load"):
            self.press("Enter")

    def tab_to(self, target, limit: int = 400) -> None:
        """Tab until ``target`` has the focus (Shift+Tab never: a user tabs on)."""
        for count in range(limit):
            handle = target.element_handle()
            if handle.evaluate("e => e === document.activeElement"):
                self.journey.tabs.append((str(target), count))
                return
            self.press("Tab")
        raise AssertionError(f"Tab never reached {target}")

    def skip_to_main_content(self) -> None:
        """The page's first Tab stop is its skip link: Enter on it passes the header."""
        self.press("Tab")
        if not self.page.evaluate("document.activeElement.matches('.nhsuk-skip-link')"):
            raise AssertionError("The first Tab did not reach the skip link")
        self.press("Enter")

    def fill(self, label: str, text: str) -> None:
        self.tab_to(self.page.get_by_label(label, exact=True))
        self.type(text)

    def choose(self, label: str, prefix: str) -> None:
        """A select: focus it and type the start of the option's words."""
        select = self.page.get_by_label(label, exact=True)
        self.tab_to(select)
        self.type(prefix)
        if not select.input_value():
            raise AssertionError(f"“{prefix}” chose nothing in {label}")

    def radio(self, first_option_label: str, steps: int) -> None:
        self.tab_to(self.page.get_by_label(first_option_label, exact=True))
        self.press("Space")
        for _ in range(steps):
            self.press("ArrowDown")

    def date(self, label: str, day: str) -> None:
        """A date given as dd/mm/yyyy, typed in the date input's day, month and year boxes
        as people type them (no leading zeros), Tab between the boxes."""
        dd, mm, yyyy = day.split("/")
        boxes = self.page.get_by_role("group", name=label)
        self.tab_to(boxes.get_by_label("Day", exact=True))
        self.type(str(int(dd)))
        self.press("Tab")
        self.type(str(int(mm)))
        self.press("Tab")
        self.type(yyyy)


def _settled(page) -> None:
    """Wait for htmx requests in flight (no key is pressed)."""
    page.wait_for_timeout(350)
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def _save(keys: Keyboard, page, button: str, with_js: bool) -> None:
    keys.tab_to(page.get_by_role("button", name=button))
    if with_js:
        _settled(page)
        keys.press("Enter")
        _settled(page)
    else:
        keys.enter_and_load()


def _add_link(keys: Keyboard, page, name: str, with_js: bool) -> None:
    keys.tab_to(page.get_by_role("link", name=name, exact=True))
    if with_js:
        keys.press("Enter")
        page.wait_for_selector("[data-inline-form]")
        _settled(page)
    else:
        keys.enter_and_load()


OUTCOMES = (
    ("I want to feel confident going out on my own.", "Improve c", "Going out twice a week"),
    ("I want to sleep through the night.", "Improve s", "Sleeping well most nights"),
)
LINES = (
    ("Respite Break", "Respite", "500.00", 3, "1"),
    ("Gym Membership", "Exercise", "580.00", 3, "1"),
    ("Personal Computer", "IT", "500.00", 0, "1"),
)


def journey(
    page,
    person_path: str,
    *,
    coordinator: str,
    start: str,
    first_review: str,
    with_js: bool = True,
) -> Journey:
    """The whole journey from the person's page; the page is signed in already."""
    figures = Journey()
    page.on("load", lambda: figures.loads.append(page.url))
    keys = Keyboard(page, figures)
    page.goto(person_path)
    page.wait_for_load_state("load")

    keys.skip_to_main_content()
    keys.tab_to(page.get_by_role("button", name="Start a care plan"))
    keys.enter_and_load()

    keys.fill("What matters to the person, in their own words", "Feeling safe at home.")
    keys.fill("What matters for their health", "Fewer crises; sleeping well.")
    keys.fill("Contingency or crisis plan", "Call the crisis line.")
    keys.radio("Notional budget (services the Trust provides)", 3)  # a mix of these
    keys.choose("Who manages the budget", "The p")
    keys.choose("Named care coordinator", coordinator)
    keys.fill("Who monitors the person’s health", "My GP")
    keys.date("Date the plan starts", start)
    keys.date("Date of the first review", first_review)
    keys.fill("How the first review will be held", "At home")
    keys.fill("Notice before any reduction of the budget", "Four weeks")
    keys.fill("Later review dates", "Every six months")
    keys.choose("Indicative budget it plans against", start[-4:][:1])
    if with_js:
        _settled(page)  # saved as typed: on to the outcomes
    else:
        _save(keys, page, "Save the plan", with_js)

    for words, category, success in OUTCOMES:
        _add_link(keys, page, "Add an outcome", with_js)
        keys.fill("The outcome, in the person’s own words", words)
        keys.choose("Category", category)
        keys.fill("What success looks like", success)
        _save(keys, page, "Save the outcome", with_js)

    _add_link(keys, page, "Add a risk", with_js)
    keys.fill("The risk", "Falls on the stairs")
    keys.fill("How it is managed", "A rail fitted")
    keys.fill("By whom", "Her brother")
    _save(keys, page, "Save the risk", with_js)

    for description, category, cost, steps, quantity in LINES:
        _add_link(keys, page, "Add a spending line", with_js)
        keys.fill("Description", description)
        keys.choose("Category of purchase", category)
        keys.fill("Unit cost", cost)
        keys.radio("One-off", steps)
        keys.fill("Quantity", quantity)
        keys.radio("Notional", 1)  # direct payment
        keys.tab_to(page.get_by_label(OUTCOMES[0][0], exact=True))
        keys.press("Space")
        _save(keys, page, "Save the line", with_js)

    keys.tab_to(page.get_by_role("button", name="Submit for sign-off"))
    keys.enter_and_load()
    if not page.get_by_text("Sent to the").count():
        problems = page.locator("main").inner_text()
        raise AssertionError(f"The plan was not submitted:\n{problems}")
    return figures


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--person", required=True, help="the person's page, e.g. /participants/12/")
    parser.add_argument("--coordinator", required=True, help="the start of their name")
    parser.add_argument("--start", default="01/04/2026", help="the plan's start, dd/mm/yyyy")
    parser.add_argument("--first-review", default="28/06/2026", help="dd/mm/yyyy")
    parser.add_argument("--no-js", action="store_true", help="the journey page by page")
    return parser.parse_args()


def main() -> None:
    from playwright.sync_api import sync_playwright

    args = _arguments()
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=args.url, java_script_enabled=not args.no_js, locale="en-GB"
        )
        page = context.new_page()
        page.goto("/sign-in/")
        page.get_by_label("Username").fill(args.username)
        page.get_by_label("Password").fill(args.password)
        page.get_by_label("Password").press("Enter")
        page.wait_for_load_state("load")
        figures = journey(
            page,
            args.person,
            coordinator=args.coordinator,
            start=args.start,
            first_review=args.first_review,
            with_js=not args.no_js,
        )
        label = "without JavaScript" if args.no_js else "with JavaScript"
        print(figures.summary(f"A three-line plan, {label}:"))
        browser.close()


if __name__ == "__main__":
    main()
