"""The person's ``pathway`` becomes ``phb_category``: the categories of NHS England's
quarterly return of personal health budgets.

The old values map to the return's categories as follows:

- ``mental_health`` → ``mental_health`` (the return's "mental health, including section
  117 aftercare");
- ``continuing_healthcare`` → ``continuing_healthcare``;
- ``end_of_life`` → ``fast_track``: the end-of-life fast track is NHS Continuing
  Healthcare's fast-track pathway, which the return counts as "adult fast track";
- ``childrens_continuing_care`` → ``other``. NHS Continuing Healthcare, as the national
  framework and NHS England's published return define it, is a package of care for adults
  aged 18 or over; children and young people's continuing care is a different
  framework, and none of the return's other categories (wheelchair, education, health
  and care plan, learning disability and autism, mental health) is it. So it cannot be
  counted under NHS Continuing Healthcare, and we do not guess which other category fits a
  child: such a person is counted under "other" until their team records the category
  (on their page, or by importing a file of categories);
- ``other`` → ``other``.

The change history keeps the values as they were recorded; only current records are
mapped.
"""

from django.db import migrations, models

OLD_TO_NEW = {
    "mental_health": "mental_health",
    "continuing_healthcare": "continuing_healthcare",
    "childrens_continuing_care": "other",
    "end_of_life": "fast_track",
    "other": "other",
}
NEW_TO_OLD = {
    "mental_health": "mental_health",
    "continuing_healthcare": "continuing_healthcare",
    "fast_track": "end_of_life",
    "other": "other",
}

CHOICES = [
    ("continuing_healthcare", "NHS Continuing Healthcare"),
    ("fast_track", "Adult fast track"),
    ("wheelchair", "Personal wheelchair budget"),
    ("ehcp", "Children’s education, health and care plan"),
    ("learning_disability_autism", "Learning disability and autism"),
    ("mental_health", "Mental health, including section 117 aftercare"),
    ("other", "Other"),
]


def _remap(apps, mapping: dict[str, str], default: str) -> None:
    participant = apps.get_model("participants", "Participant")
    values = participant.objects.values_list("phb_category", flat=True).distinct()
    for value in list(values):
        new = mapping.get(value, default)
        if new != value:
            participant.objects.filter(phb_category=value).update(phb_category=new)


def forwards(apps, schema_editor) -> None:
    _remap(apps, OLD_TO_NEW, "other")


def backwards(apps, schema_editor) -> None:
    """Categories the old pathways did not have (wheelchair, EHCP, learning disability and
    autism) go back to ``other``."""
    _remap(apps, NEW_TO_OLD, "other")


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0002_transfer_requests"),
    ]

    operations = [
        migrations.RenameField("participant", "pathway", "phb_category"),
        migrations.RenameField("historicalparticipant", "pathway", "phb_category"),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="participant",
            name="phb_category",
            field=models.CharField(
                choices=CHOICES,
                default="mental_health",
                help_text="The category NHS England’s quarterly return counts the person under.",
                max_length=30,
                verbose_name="PHB category",
            ),
        ),
        migrations.AlterField(
            model_name="historicalparticipant",
            name="phb_category",
            field=models.CharField(
                choices=CHOICES,
                default="mental_health",
                help_text="The category NHS England’s quarterly return counts the person under.",
                max_length=30,
                verbose_name="PHB category",
            ),
        ),
    ]
