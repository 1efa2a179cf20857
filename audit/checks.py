"""``manage.py check``: every model whose changes are kept declares whether it holds care data,
so the audit trail knows whose values it may show (see ``common.care_data``)."""

from django.core.checks import Error, register

from common.care_data import care_data_of


@register()
def care_data_declared(app_configs, models: dict[str, type] | None = None, **kwargs) -> list:
    from audit.selectors import tracked_models

    return [
        Error(
            f"{label} keeps a history but does not declare whether it holds care data.",
            hint=(
                "Give the model care_data = about_a_person('<way to the participant>'), "
                "or care_data = NOT_CARE_DATA (common.care_data)."
            ),
            obj=label,
            id="audit.E001",
        )
        for label, model in (tracked_models() if models is None else models).items()
        if care_data_of(model) is None
    ]
