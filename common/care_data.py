"""Which records are a person's care record, declared on each model whose changes are kept.

A model says so in a class attribute, ``care_data``:

    care_data = about_a_person("version__plan__participant")   # an outcome of a plan
    care_data = NOT_CARE_DATA                                   # a team, a tariff

A care record names the way (or ways) from it to the participant it is about, so the rule
of who may see it (``people.access``) can place it in a caseload. Lower apps, the audit
trail first, read the declaration through the model class and never import the app that
holds it. A model that declares nothing counts as care data, and ``manage.py check`` says
so (``audit.E001``).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CareData:
    person_paths: tuple[str, ...] = ()
    """From the model to the participant it is about (``""`` for the participant itself)."""

    @property
    def about_a_person(self) -> bool:
        return bool(self.person_paths)


NOT_CARE_DATA = CareData()


def about_a_person(*paths: str) -> CareData:
    """Rows of this model are part of a person's care record, found along ``paths``."""
    if not paths:
        raise ValueError("Name the way from the model to the participant ('' for themself).")
    return CareData(person_paths=paths)


def care_data_of(model: type) -> CareData | None:
    """What ``model`` declares, or ``None`` if it declares nothing."""
    declared = getattr(model, "care_data", None)
    return declared if isinstance(declared, CareData) else None
