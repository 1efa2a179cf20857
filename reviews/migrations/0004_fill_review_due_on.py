"""The date each review recorded before ``Review.due_on`` existed was due: the plan's
review date just before the review was recorded, read from the plan's change history;
failing that, the date the review before it set. Left empty when neither is known."""

from django.db import migrations

BATCH = 500


def due_before(historical_plan, review, next_due_of_previous):
    """The plan's review date as it stood when ``review`` was recorded."""
    found = (
        historical_plan.objects.filter(id=review.plan_id, history_date__lte=review.recorded_at)
        .order_by("-history_date", "-history_id")
        .values_list("review_due", flat=True)
        .first()
    )
    return found if found is not None else next_due_of_previous


def fill_due_on(apps, schema_editor):
    review_model = apps.get_model("reviews", "Review")
    historical_plan = apps.get_model("careplans", "HistoricalCarePlan")
    changed, plan, previous_due = [], None, None
    reviews = review_model.objects.filter(due_on__isnull=True).order_by("plan_id", "held_on", "pk")
    for review in reviews.iterator(chunk_size=BATCH):
        if review.plan_id != plan:
            plan, previous_due = review.plan_id, None
        review.due_on = due_before(historical_plan, review, previous_due)
        previous_due = review.next_review_due
        if review.due_on is not None:
            changed.append(review)
        if len(changed) >= BATCH:
            review_model.objects.bulk_update(changed, ["due_on"])
            changed = []
    review_model.objects.bulk_update(changed, ["due_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("careplans", "0002_review_due"),
        ("reviews", "0003_review_due_on"),
    ]

    operations = [migrations.RunPython(fill_due_on, migrations.RunPython.noop)]
