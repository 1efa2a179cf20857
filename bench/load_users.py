"""The people of the load benchmark (a Locust file, run by ``bench/load.py``).

Each simulated person signs in through the sign-in page and works as a browser would: it
reads the page, fills the form the page gives (with its CSRF token and hidden revision),
sends htmx requests where the page would, and waits between steps as a person reads and
types. The mix: care coordinators editing drafts (the contents saved as typed; spending lines
added with the live totals as they are typed) and asking for review packs; facilitators and
commissioners deciding plans from the sign-off queue; commissioners reading their home page,
the queue and the reports; peer reviewers answering and submitting audits.

Every write the service accepted is counted here by kind; ``bench/load.py`` compares the
counts with the rows in the database afterwards. The load rises in steps (``PHB_LOAD_STAGES``:
people, seconds to settle, seconds measured); each step's figures are kept apart.
"""

import itertools
import json
import os
import random
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

from bench.html_forms import Form, form_to
from bench.load_steps import Steps  # noqa: F401 - Locust finds the load shape in this file

WORK = json.loads(Path(os.environ["PHB_LOAD_WORK"]).read_text())
RESULTS = os.environ["PHB_LOAD_RESULTS"]
HTMX = {"HX-Request": "true"}
written: Counter[str] = Counter()
"""Writes the service accepted, by kind (and per draft: ``saves:<plan>``)."""
problems: Counter[str] = Counter()
_accounts = {
    role: itertools.cycle(WORK[role])
    for role in ("coordinators", "facilitators", "commissioners", "reviewers")
}


def _revision(response) -> int | None:
    trigger = response.headers.get("HX-Trigger")
    if not trigger:
        return None
    return json.loads(trigger).get("phb:draft-saved", {}).get("revision")


class Person(HttpUser):
    """Signs in as one of its role's accounts; keeps cookies as a browser over plain HTTP
    would (the service marks them Secure, being served over TLS in production)."""

    abstract = True
    role = ""
    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.account: dict[str, Any] = next(_accounts[self.role])
        self.client.headers["Origin"] = self.host
        page = self.get("/sign-in/", name="sign in")
        form = form_to(page.text, "")
        form.values.update(username=[self.account["username"]], password=[WORK["password"]])
        self.post("/sign-in/", form, name="sign in", expect=302)

    def request(self, method: str, path: str, *, name: str, expect: int = 200, check=None, **kw):
        """The request, failed in the figures when it answers other than ``expect`` or when
        ``check`` (given the response) says what is wrong with it; ``response.passed``."""
        kw.setdefault("allow_redirects", False)
        headers = {"Referer": self.host + path, **kw.pop("headers", {})}
        with self.client.request(
            method, path, name=name, headers=headers, catch_response=True, **kw
        ) as response:
            wrong = f"answered {response.status_code}, not {expect}"
            if response.status_code == expect:
                wrong = check(response) if check else None
            if wrong:
                response.failure(wrong)
                problems[f"{name}: {wrong}"] += 1
            else:
                response.success()
            response.passed = not wrong
        for cookie in self.client.cookies:
            cookie.secure = False
        return response

    def get(self, path: str, *, name: str, **kwargs):
        return self.request("GET", path, name=name, **kwargs)

    def post(self, path: str, form: Form | dict, *, name: str, **kwargs):
        data = form.data() if isinstance(form, Form) else form
        return self.request("POST", path, name=name, data=data, **kwargs)


def _not_saved(response) -> str:
    """What the answer says, for the list of failures."""
    return "not saved: " + re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))[:120]


def _saved(response) -> str | None:
    """An htmx save answers with the draft's new revision (in ``HX-Trigger``)."""
    return _not_saved(response) if _revision(response) is None else None


class Coordinator(Person):
    """Edits a draft: the contents saved as typed, and a spending line added with its totals
    live; now and then asks for a review pack of an approved plan and waits for it."""

    role = "coordinators"
    weight = 5

    def on_start(self) -> None:
        super().on_start()
        self.draft: dict[str, Any] | None = None
        self.editor: Form | None = None

    def _draft(self) -> dict[str, Any] | None:
        if self.draft is None and self.account["drafts"]:
            self.draft = self.account["drafts"].pop()
        return self.draft

    @task(3)
    def edit_contents(self) -> None:
        draft = self._draft()
        if draft is None:
            return
        plan = draft["plan"]
        self.get(f"/participants/{draft['person']}/", name="/participants/[id]/")
        edit = f"/care-plans/{plan}/edit/"
        page = self.get(edit, name="/care-plans/[id]/edit/")
        self.editor = form_to(page.text, edit)
        words = self.editor.values.get("what_matters_to_person", [""])[0]
        for sentence in range(2):
            time.sleep(random.uniform(2, 4))  # typing
            words = (words + f" Seeing friends on Saturday ({sentence}).")[-900:]
            answer = self.post(
                edit,
                self.editor.data(what_matters_to_person=words),
                name="/care-plans/[id]/edit/ (saved as typed)",
                headers=HTMX,
                check=_saved,
            )
            if not answer.passed:
                return
            written["contents"] += 1
            written[f"saves:{plan}"] += 1
            self.editor.values["revision"] = [str(_revision(answer))]

    @task(2)
    def add_spending_line(self) -> None:
        draft = self._draft()
        if draft is None:
            return
        plan = draft["plan"]
        add = f"/care-plans/{plan}/lines/add/"
        form = form_to(self.get(add, name="/care-plans/[id]/lines/add/", headers=HTMX).text, add)
        outcomes = form.choices.get("outcomes", [])[:1]
        line = form.data(
            description="Gardening club, weekly",
            kind="purchase",
            category=random.choice([c for c in form.choices["category"] if c]),
            provider="Allotment society",
            frequency="weekly",
            quantity="1",
            funding_route="notional",
            outcomes=outcomes,
        )
        for typed in ("1", "12", "12.50"):  # the totals as the unit cost is typed
            time.sleep(random.uniform(0.5, 1.5))
            line["unit_cost"] = [typed]
            self.post(
                f"/care-plans/{plan}/lines/totals/",
                line,
                name="/care-plans/[id]/lines/totals/ (live totals)",
                headers=HTMX,
            )
        answer = self.post(
            add,
            {**line, "action": ["save"]},
            name="/care-plans/[id]/lines/add/ (save)",
            headers=HTMX,
            check=_saved,
        )
        if not answer.passed:
            return
        written["lines"] += 1
        written[f"saves:{plan}"] += 1

    @task(1)
    def ask_for_a_review_pack(self) -> None:
        if not self.account["approved"]:
            return
        plan = self.account["approved"].pop()
        page = self.get(f"/care-plans/{plan}/", name="/care-plans/[id]/")
        ask = f"/reviews/plans/{plan}/packs/"
        answer = self.post(
            ask, form_to(page.text, ask), name="/reviews/plans/[id]/packs/", expect=302
        )
        if not answer.passed:
            return
        written["packs"] += 1
        pack = answer.headers["Location"]
        self.get(pack, name="/reviews/packs/[id]/")
        for _ in range(30):  # the page asks again every 2 seconds until the pack is ready
            time.sleep(2)
            status = self.get(pack, name="/reviews/packs/[id]/ (asks again)", headers=HTMX)
            if "Download the review pack" in status.text:
                self.get(pack + "download/", name="/reviews/packs/[id]/download/")
                written["packs downloaded"] += 1
                return

    @task(1)
    def home(self) -> None:
        self.get("/", name="/ (home)")
        self.get("/participants/", name="/participants/")


class Decider(Person):
    """Reads the home page and the sign-off queue, and decides the plans given to them."""

    abstract = True

    def home(self) -> None:
        self.get("/", name="/ (home)")

    def queue(self) -> None:
        self.get("/care-plans/queue/", name="/care-plans/queue/")

    def decide(self) -> None:
        if not self.account["waiting"]:
            return
        plan = self.account["waiting"].pop()
        decide = f"/care-plans/{plan}/decide/"
        page = self.get(decide, name="/care-plans/[id]/decide/")
        form = form_to(page.text, decide)
        time.sleep(random.uniform(5, 10))  # reading the plan
        agree, give_back = form.choices["decision"][0], "return"
        choice = give_back if random.random() < 0.1 else agree
        reason = "The contingency plan needs a named contact." if choice == give_back else ""
        answer = self.post(
            decide,
            form.data(decision=choice, reason=reason),
            name="/care-plans/[id]/decide/ (decision)",
            expect=302,
        )
        if answer.passed:
            written["decisions"] += 1
            self.get(answer.headers["Location"], name="/care-plans/[id]/")


class Facilitator(Decider):
    role = "facilitators"
    weight = 2
    tasks = {Decider.queue: 3, Decider.decide: 2, Decider.home: 1}


class Commissioner(Decider):
    """Reads the home page, the queue and the reports; approves plans over the limit."""

    role = "commissioners"
    weight = 1

    def reports(self) -> None:
        self.get("/reports/", name="/reports/")

    def a_report(self) -> None:
        slug = random.choice(WORK["report_sections"])
        self.get(f"/reports/{slug}/", name=f"/reports/{slug}/")

    tasks = {
        Decider.home: 2,
        Decider.queue: 2,
        reports: 2,
        a_report: 1,
        Decider.decide: 1,
    }


_AUDIT_REVISION = re.compile(r'name="revision" value="(\d+)"')


def _audit_saved(response) -> str | None:
    """An audit's save answers with its new revision (a hidden field swapped in)."""
    return _not_saved(response) if _AUDIT_REVISION.search(response.text) is None else None


class Reviewer(Person):
    """Answers an audit's checklist a few questions at a time (saved as they go), then
    submits it."""

    role = "reviewers"
    weight = 2

    def on_start(self) -> None:
        super().on_start()
        self.audit: str | None = None

    @task(1)
    def my_audits(self) -> None:
        self.get("/peer-audit/audits/", name="/peer-audit/audits/")

    @task(4)
    def answer(self) -> None:
        if self.audit is None:
            if not self.account["audits"]:
                return
            self.audit = self.account["audits"].pop()
        url = f"/peer-audit/audits/{self.audit}/"
        form = form_to(self.get(url, name="/peer-audit/audits/[id]/").text, url)
        unanswered = [n for n in form.choices if n.startswith("answer_") and n not in form.values]
        for name in unanswered[:4]:
            time.sleep(random.uniform(1, 3))
            form.values[name] = [form.choices[name][0]]
            answer = self.post(
                url,
                form,
                name="/peer-audit/audits/[id]/ (saved as answered)",
                headers=HTMX,
                check=_audit_saved,
            )
            if not answer.passed:
                return
            written["audit saves"] += 1
            form.values["revision"] = [_AUDIT_REVISION.search(answer.text).group(1)]
        if unanswered[4:]:
            return
        self.submit(url, form)

    def submit(self, url: str, form: Form) -> None:
        """Check and submit: the check saves the answers and asks to confirm."""
        submit = url + "submit/"
        form.values["overall_rating"] = [form.choices["overall_rating"][0]]
        form.values["summary"] = ["Clear outcomes; the spending follows them."]
        check = self.post(
            submit,
            form,
            name="/peer-audit/audits/[id]/submit/",
            check=lambda answer: None if 'name="confirm"' in answer.text else "not confirmed",
        )
        if not check.passed:
            return
        written["audit saves"] += 1
        done = self.post(
            submit,
            form_to(check.text, submit),
            name="/peer-audit/audits/[id]/submit/ (confirm)",
            expect=302,
        )
        if done.passed:
            written["audit saves"] += 1
            written["audits submitted"] += 1
            self.audit = None


@events.quitting.add_listener
def _keep_results(environment, **_kwargs) -> None:
    shape = environment.shape_class
    with open(RESULTS, "w") as out:
        json.dump(
            {"steps": shape.kept if shape else [], "written": written, "problems": problems},
            out,
            indent=1,
        )
