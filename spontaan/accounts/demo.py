"""Demo accounts: one for every role, with fictional people."""

from dataclasses import dataclass

from django.utils import timezone

from spontaan.core.demo import DEMO_PASSWORD, DemoContext, DemoLoader, demo_loaders

from .models import Role, RoleGrant, User


@dataclass
class DemoAccount:
    email: str
    name: str
    role: str
    municipality: str  # slug; "*" for every municipality; "" for none


ACCOUNTS = [
    DemoAccount("beheer@demo.spontaan.nl", "Beheerder (demo)", "administrator", ""),
    DemoAccount(
        "verbinder.enschede@demo.spontaan.nl",
        "Carla Verbinder (fictief)",
        Role.CONNECTOR,
        "enschede",
    ),
    DemoAccount(
        "verbinder.hengelo@demo.spontaan.nl", "Henk Verbinder (fictief)", Role.CONNECTOR, "hengelo"
    ),
    DemoAccount(
        "verbinder.borne@demo.spontaan.nl", "Bo Verbinder (fictief)", Role.CONNECTOR, "borne"
    ),
    DemoAccount(
        "verbinder.almelo@demo.spontaan.nl", "Ali Verbinder (fictief)", Role.CONNECTOR, "almelo"
    ),
    DemoAccount(
        "verbinder.oldenzaal@demo.spontaan.nl",
        "Olga Verbinder (fictief)",
        Role.CONNECTOR,
        "oldenzaal",
    ),
    DemoAccount(
        "programma@demo.spontaan.nl", "Pien Programma (fictief)", Role.PROGRAMME_MANAGER, "*"
    ),
    DemoAccount(
        "beoordelaar@demo.spontaan.nl", "Bert Beoordelaar (fictief)", Role.REVIEWER, "enschede"
    ),
    DemoAccount(
        "beoordelaar.hengelo@demo.spontaan.nl",
        "Hanna Beoordelaar (fictief)",
        Role.REVIEWER,
        "hengelo",
    ),
    DemoAccount("moderator@demo.spontaan.nl", "Mo Moderator (fictief)", Role.MODERATOR, "enschede"),
    DemoAccount("initiatiefnemer@demo.spontaan.nl", "Ilse Initiatief (fictief)", "resident", ""),
    DemoAccount("bewoner@demo.spontaan.nl", "Bas Bewoner (fictief)", "resident", ""),
    DemoAccount("eigenaar@demo.spontaan.nl", "Eva Eigenaar (fictief)", "property owner", ""),
]


def _user(account: DemoAccount) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is None:
        user = User.objects.create_user(
            account.email,
            DEMO_PASSWORD,
            display_name=account.name,
            email_verified_at=timezone.now(),
            is_staff=account.role == "administrator",
            is_superuser=account.role == "administrator",
        )
    return user


def load_accounts_demo(context: DemoContext) -> None:
    municipalities = context.municipalities
    for account in ACCOUNTS:
        user = _user(account)
        context.users[account.email] = user
        if account.role in Role.values:
            places = (
                municipalities.values()
                if account.municipality == "*"
                else [municipalities[account.municipality]]
            )
            for municipality in places:
                RoleGrant.objects.get_or_create(
                    user=user, municipality=municipality, role=account.role
                )
        context.accounts.append(
            {
                "email": account.email,
                "password": DEMO_PASSWORD,
                "role": str(account.role),
                "municipality": _where(account, municipalities),
            }
        )


def _where(account: DemoAccount, municipalities: dict) -> str:
    if account.municipality == "*":
        return ", ".join(m.name for m in municipalities.values())
    return municipalities[account.municipality].name if account.municipality else ""


def register() -> None:
    demo_loaders.register(DemoLoader(key="accounts", load=load_accounts_demo, order=20))
