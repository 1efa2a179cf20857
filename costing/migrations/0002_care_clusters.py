from django.db import migrations


def add_clusters(apps, schema_editor):
    from costing.clusters import CARE_CLUSTERS

    Cluster = apps.get_model("costing", "Cluster")
    for number, name, description, weeks in CARE_CLUSTERS:
        Cluster.objects.update_or_create(
            number=number,
            defaults={"name": name, "description": description, "review_period_weeks": weeks},
        )


class Migration(migrations.Migration):
    dependencies = [("costing", "0001_initial")]

    operations = [migrations.RunPython(add_clusters, migrations.RunPython.noop)]
