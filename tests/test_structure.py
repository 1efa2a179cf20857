"""The shape of the code: lower apps take what higher apps show through hooks."""

from django.apps import apps

from careplans.sections import plan_page_sections
from common.hooks import Action, Hook, PageSection, sections_for
from costing.usage import price_usage
from participants.list_columns import participant_list_extensions
from participants.sections import person_page_sections
from participants.transfers import person_moved
from people.navigation import nav_counts
from people.sections import home_page_sections


def _section(place: str, name: str, action: str = "") -> PageSection:
    return PageSection(
        place=place,
        template_name=f"{name}.html",
        context=lambda request, record: {"record": record, "name": name},
        actions=lambda request, record: [Action(action, f"/{action}/")] if action else [],
    )


def test_a_provider_registered_twice_is_kept_once():
    hook: Hook[PageSection] = Hook("test")
    section = _section("top", "plans")
    hook.register(section)
    hook.register(section)
    assert list(hook) == [section]


def test_sections_go_to_their_places_in_the_order_registered_with_their_actions():
    hook: Hook[PageSection] = Hook("test")
    hook.register(_section("top", "plans", action="start"))
    hook.register(_section("bottom", "budgets", action="work-out"))
    hook.register(_section("top", "notes"))

    page = sections_for(hook, ["top", "bottom", "empty"], request=None, record=7)

    assert page["sections"] == {
        "top": [
            {"template_name": "plans.html", "record": 7, "name": "plans"},
            {"template_name": "notes.html", "record": 7, "name": "notes"},
        ],
        "bottom": [{"template_name": "budgets.html", "record": 7, "name": "budgets"}],
        "empty": [],
    }
    assert page["section_actions"] == [Action("start", "/start/"), Action("work-out", "/work-out/")]


def test_each_higher_app_registers_what_it_shows_on_a_lower_page_once():
    # Starting the app registry again (as a second test run or runserver reload does)
    # must not show a section twice.
    for config in apps.get_app_configs():
        config.ready()
    assert [s.template_name for s in person_page_sections] == [
        "budgets/_person_section.html",
        "careplans/_person_section.html",
    ]
    assert [s.template_name for s in plan_page_sections] == [
        "reviews/_plan_actions.html",
        "reviews/_plan_section.html",
        "peer_audit/_plan_section.html",
    ]
    assert [s.template_name for s in home_page_sections] == [
        "participants/_home_transfers.html",
        "careplans/_home_waiting.html",
        "reviews/_home_reviews.html",
        "peer_audit/_home_audits.html",
        "reports/_home_summary.html",
    ]
    assert [n.url_name for n in nav_counts] == [
        "transfers:list",
        "careplans:queue",
        "reviews:overdue",
        "peer_audit:my_audits",
    ]
    assert [e.annotate.__module__ for e in participant_list_extensions] == [
        "careplans.participant_list"
    ]
    assert [f.__module__ for f in person_moved] == ["careplans.transfers"]
    assert len(list(price_usage)) == 1
