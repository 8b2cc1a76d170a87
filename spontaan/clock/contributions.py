"""What the answer clock contributes to open data."""

from django.utils.translation import gettext_lazy as _

from spontaan.core.opendata import OpenDataSet, open_data_sets


def register() -> None:
    open_data_sets.register(
        OpenDataSet(
            key="responsiveness",
            title=_("Responsiveness"),
            description=_(
                "Per municipality: how quickly it gives a first answer, month by month, with "
                "the definition of every figure."
            ),
            url="/api/v1/responsiveness",
            order=20,
        )
    )
