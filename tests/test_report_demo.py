"""The demo's pilot in the reports, to the penny: Tables 5 to 8 (with the control group's
true rise of 13.9%), Table 11 (cluster 1 at £5,475.00) and Table 3."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from people.models import User
from reports.sections.cluster_budgets import cluster_budgets_report
from reports.sections.cost_of_care import cost_of_care_section
from reports.sections.outcomes import outcomes_report
from tests.report_builders import scope_of

pytestmark = pytest.mark.django_db

TABLE_3 = [9, 8, 5, 4, 4, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1]


def test_the_pilots_tables_3_5_to_8_and_11(client):
    call_command("load_demo", "--force", stdout=StringIO())
    commissioner = User.objects.get(username="commissioner")

    care = cost_of_care_section(scope_of(commissioner, "2011-12"))
    groups = {
        row["group"]: (row["people"], row["baseline"], row["compare"], row["change"])
        for row in care.table("groups").rows
    }
    d = Decimal
    assert groups == {
        "Budget holders: all": (12, d("199094.47"), d("91772.01"), d("-53.9")),
        "Budget holders: used crisis or inpatient care in 2010-11": (
            4,
            d("132219.23"),
            d("38425.71"),
            d("-70.9"),
        ),
        "Budget holders: did not use crisis or inpatient care in 2010-11": (
            8,
            d("66875.24"),
            d("53346.30"),
            d("-20.2"),
        ),
        "Comparison group: all": (8, d("78461.72"), d("89340.20"), d("13.9")),
        "Comparison group: used crisis or inpatient care in 2010-11": groups[
            "Comparison group: used crisis or inpatient care in 2010-11"
        ],
        "Comparison group: did not use crisis or inpatient care in 2010-11": groups[
            "Comparison group: did not use crisis or inpatient care in 2010-11"
        ],
    }
    assert len(care.people_shown) == 20

    table_11 = cluster_budgets_report(scope_of(commissioner, "2012-13"))
    by_person = sorted(
        (row["number"], row["cluster_cost"], row["budget"])
        for row in table_11.table("by_person").rows
    )
    assert by_person == [
        (1, d("5475.00"), d("2424.48")),
        (1, d("5475.00"), d("6061.20")),
        (8, d("12045.00"), d("4848.96")),
        (8, d("12045.00"), d("9697.92")),
        (11, d("8030.00"), d("4848.96")),
        (11, d("8030.00"), d("16971.36")),
    ]
    cluster_1 = table_11.table("by_cluster").rows[0]
    assert (cluster_1["number"], cluster_1["cluster_cost"]) == (1, d("5475.00"))

    # Table 3 (the demo's pilot plans in force in 2011-12): 16 kinds, 51 choices, 12 people.
    table_3 = outcomes_report(scope_of(commissioner, "2011-12")).tables[0]
    assert [row["people"] for row in table_3.rows] == TABLE_3
    assert [row["people"] for row in table_3.footer] == [51, 12]

    client.force_login(commissioner)
    page = client.get("/reports/cost-of-care/", {"year": "2011-12"}).content.decode()
    for figure in ("£78,461.72", "£89,340.20", "+13.9%", "£199,094.47", "£91,772.01"):
        assert figure in page
    page = client.get("/reports/cluster-budgets/", {"year": "2012-13"}).content.decode()
    assert "£5,475.00" in page
