import factory

from spontaan.initiatives.models import Category, Function, Initiative, Status, TeamMember
from spontaan.places.tests.factories import MunicipalityFactory


class FunctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Function
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"functie-{n}")
    name_nl = factory.LazyAttribute(lambda o: o.slug.replace("-", " "))
    name_en = factory.LazyAttribute(lambda o: o.slug.replace("-", " "))


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A plain initiative row. Tests of behaviour create initiatives through the service."""

    class Meta:
        model = Initiative

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Initiatief {n}")
    summary = "Een plek om elkaar te ontmoeten."
    category = Category.ACTIVITY
    status = Status.IDEA
    created_by = factory.SubFactory("spontaan.accounts.tests.factories.UserFactory")
    latitude = 52.22
    longitude = 6.89

    class Params:
        running = factory.Trait(status=Status.RUNNING)
        hidden = factory.Trait(is_hidden=True, hidden_reason="Spam")


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    initiative = factory.SubFactory(InitiativeFactory)
    actor = factory.SubFactory("spontaan.actors.tests.factories.ActorFactory")


def join_team(*, inviter, initiative, person, role: str = "") -> None:
    """Put `person` on the team the way people do: an invitation they accept."""
    from spontaan.initiatives import team

    invitation = team.team_invite(
        user=inviter, initiative=initiative, email=person.email, role=role
    )
    team.team_invitation_answer(user=person, invitation=invitation, accept=True)
