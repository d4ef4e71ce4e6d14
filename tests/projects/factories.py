import datetime

import factory


class BuildingProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.BuildingProject"

    title = factory.Sequence(lambda n: f"Byggprosjekt {n:03d}")
    municipality = None
    order = factory.Sequence(lambda n: n)


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.StatusUpdate"

    project = factory.SubFactory(BuildingProjectFactory)
    date = datetime.date(2024, 2, 1)
    status = "on_plan"
    comment = "Ingen endring siden forrige rapportering."
