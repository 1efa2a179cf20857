"""The load benchmark fills the service's own forms as a browser would: what it reads off the
draft editor, posted back unchanged, saves the draft as it was (and a changed field is saved).
"""

import json

import pytest
from django.urls import reverse

from bench.html_forms import form_to, forms_of
from tests.builders import complete_draft
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_a_form_is_read_as_a_browser_sends_it():
    page = """
    <form action="/a/"><input name="x" value="1"></form>
    <form action="/b/?next=1">
      <input type="hidden" name="revision" value="7">
      <input type="radio" name="kind" value="purchase">
      <input type="radio" name="kind" value="staff" checked>
      <input type="checkbox" name="outcomes" value="3" checked>
      <input type="checkbox" name="outcomes" value="4">
      <select name="category"><option value="">Choose</option><option value="exercise" selected>
      Exercise</option></select>
      <select name="frequency"><option value="weekly">Weekly</option></select>
      <textarea name="notes">
Two &amp; three</textarea>
      <button name="action" value="save">Save</button>
    </form>"""
    assert [form.action for form in forms_of(page)] == ["/a/", "/b/?next=1"]
    form = form_to(page, "/b/")
    assert form.values == {
        "revision": ["7"],
        "kind": ["staff"],
        "outcomes": ["3"],
        "category": ["exercise"],
        "frequency": ["weekly"],
        "notes": ["Two & three"],
    }
    assert form.choices["kind"] == ["purchase", "staff"]
    assert form.choices["outcomes"] == ["3", "4"]
    assert form.choices["category"] == ["", "exercise"]
    assert form.data(kind="purchase", outcomes=["3", "4"])["outcomes"] == ["3", "4"]
    with pytest.raises(LookupError):
        form_to(page, "/c/")


def test_the_draft_editor_posted_back_as_read_saves_the_same_draft(client, people, pilot_tariffs):
    person = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    draft, _outcome = complete_draft(people, person)
    client.force_login(people.coordinator)
    url = reverse("careplans:edit", args=[draft.plan_id])
    form = form_to(client.get(url).content.decode(), url)
    fields = ("what_matters_to_person", "contingency_plan", "start_date", "indicative_budget")
    before = {name: getattr(draft, name) for name in fields}

    answer = client.post(url, form.data(), HTTP_HX_REQUEST="true")
    assert "Saved at" in answer.content.decode()
    draft.refresh_from_db()
    assert {name: getattr(draft, name) for name in fields} == before

    revision = json.loads(answer["HX-Trigger"])["phb:draft-saved"]["revision"]
    changed = form.data(what_matters_to_person="Walking the dog.", revision=str(revision))
    client.post(url, changed, HTTP_HX_REQUEST="true")
    draft.refresh_from_db()
    assert draft.what_matters_to_person == "Walking the dog."
    assert draft.revision == revision + 1
