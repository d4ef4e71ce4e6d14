import factory
from django.contrib.auth.models import Group, User

from ror_portal.roles import Role

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Kari"
    last_name = "Nordmann"
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.no")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, role: Role | None, **kwargs):
        if create and role:
            self.groups.add(Group.objects.get(name=role))
            if role == Role.ADMINISTRATOR:
                self.is_staff = True
                self.save(update_fields=["is_staff"])
