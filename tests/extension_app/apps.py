from django.apps import AppConfig


class ExtensionAppConfig(AppConfig):
    name = "tests.extension_app"
    label = "extension_app"

    def ready(self) -> None:
        from . import registrations

        registrations.register()
