"""Review pages: record a review, call one, the overdue list, and a review pack's page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from careplans.models import CarePlan
from reviews import packs
from reviews.models import Review, ReviewPack
from tests.builders import signed_off_appendix_1
from tests.dates import date_fields
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(people, pilot_tariffs):
    person = ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Ann",
        family_name="Example",
    )
    return signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention)


def review_form(version, **changes):
    data = {
        **date_fields("held_on", timezone.localdate()),
        "attendees": "Ann and Cara",
        "what_is_working": "The gym",
        "decision": "continue",
    }
    for outcome in version.outcomes.all():
        data[f"rating_{outcome.pk}"] = "4"
    for line in version.lines.all():
        data[f"spent_{line.pk}"] = "10.00"
    data.update(changes)
    return data


def test_a_coordinator_records_a_review(client, people, version):
    client.force_login(people.coordinator)
    url = f"/reviews/plans/{version.plan_id}/new/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Progress on “I want to feel confident going out on my own.”" in page.text
    response = client.post(url, review_form(version))
    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.pk}/"
    detail = client.get(response["Location"])
    assert "Good progress" in detail.text
    assert "within 12 months of the last review" in detail.text


def test_a_bad_review_changes_nothing_and_says_why(client, people, version):
    client.force_login(people.coordinator)
    outcome = version.outcomes.get()
    line = version.lines.first()
    data = review_form(version, **{f"spent_{line.pk}": "1.234", "decision": "end"})
    del data[f"rating_{outcome.pk}"]
    response = client.post(f"/reviews/plans/{version.plan_id}/new/", data)
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "at most two decimal places" in response.text
    assert not Review.objects.exists()


def test_the_taper_is_entered_on_the_form(client, people, version):
    client.force_login(people.coordinator)
    this = (
        timezone.localdate().year
        if timezone.localdate().month >= 4
        else timezone.localdate().year - 1
    )
    data = review_form(
        version,
        decision="change_budget",
        taper_year_0=f"{this}-{(this + 1) % 100:02d}",
        taper_amount_0="5000.00",
        taper_year_1=f"{this + 1}-{(this + 2) % 100:02d}",
        taper_amount_1="4000.00",
        taper_year_2=f"{this + 2}-{(this + 3) % 100:02d}",
        taper_amount_2="2000.00",
    )
    response = client.post(f"/reviews/plans/{version.plan_id}/new/", data)
    assert response.status_code == 302, response.text
    amounts = [str(c.amount) for c in Review.objects.get().budget_changes.all()]
    assert amounts == ["5000.00", "4000.00", "2000.00"]


@pytest.mark.parametrize("path", ["new/", "call/"])
def test_another_team_gets_404(client, people, version, path):
    client.force_login(people.other_coordinator)
    assert client.get(f"/reviews/plans/{version.plan_id}/{path}").status_code == 404
    assert client.post(f"/reviews/plans/{version.plan_id}/packs/").status_code == 404


def test_a_commissioner_may_not_record_a_review(client, people, version):
    client.force_login(people.commissioner)
    assert client.get(f"/reviews/plans/{version.plan_id}/new/").status_code == 403


def test_the_overdue_list(client, people, version):
    CarePlan.objects.filter(pk=version.plan_id).update(
        review_due=timezone.localdate() - timedelta(days=9)
    )
    client.force_login(people.facilitator)
    page = client.get("/reviews/overdue/")
    assert "Ann Example" in page.text
    assert [days for _, days in page.context["table"].rows] == [9]
    assert '<td class="nhsuk-table__cell app-table-numeric">9</td>' in page.text
    download = client.get("/reviews/overdue/", {"csv": "overdue", "overdue_sort": "person"})
    lines = download.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == "Person,Team,Care coordinator,Review due,Days overdue"
    assert lines[1].startswith("Ann Example,")
    assert lines[1].endswith(",9")
    client.force_login(people.other_coordinator)
    assert "Ann Example" not in client.get("/reviews/overdue/").text


def test_calling_a_review(client, people, version):
    client.force_login(people.coordinator)
    on = timezone.localdate() + timedelta(days=5)
    response = client.post(
        f"/reviews/plans/{version.plan_id}/call/",
        {**date_fields("on", on), "reason": "A crisis last week"},
    )
    assert response.status_code == 302
    assert CarePlan.objects.get(pk=version.plan_id).review_due == on


def test_asking_for_a_pack_shows_its_page_and_asking_again_returns_it(
    client, people, version, settings, tmp_path
):
    settings.REVIEW_PACK_ROOT = tmp_path
    client.force_login(people.coordinator)
    first = client.post(f"/reviews/plans/{version.plan_id}/packs/")
    pack = ReviewPack.objects.get()
    assert first["Location"] == f"/reviews/packs/{pack.pk}/"
    page = client.get(first["Location"])
    assert "Waiting for its turn" in page.text
    assert 'hx-trigger="every 2s"' in page.text
    again = client.post(f"/reviews/plans/{version.plan_id}/packs/")
    assert again["Location"] == first["Location"]

    packs.render_and_store(packs.start_render(pack.pk))
    ready = client.get(first["Location"], headers={"HX-Request": "true"})
    assert "Download the review pack" in ready.text
    assert "every 2s" not in ready.text
    download = client.get(f"/reviews/packs/{pack.pk}/download/")
    assert download["Content-Disposition"].startswith("attachment;")
    client.force_login(people.other_coordinator)
    assert client.get(first["Location"]).status_code == 404
    assert client.get(f"/reviews/packs/{pack.pk}/download/").status_code == 404


def test_the_plan_page_leads_to_reviews_and_packs(client, people, version):
    client.force_login(people.coordinator)
    page = client.get(f"/care-plans/{version.plan_id}/")
    assert f'href="/reviews/plans/{version.plan_id}/new/"' in page.text
    assert f'href="/reviews/plans/{version.plan_id}/call/"' in page.text
    assert f'action="/reviews/plans/{version.plan_id}/packs/"' in page.text
    items = [item["text"] for item in page.context["nav_items"]]
    assert "Overdue reviews" in items
