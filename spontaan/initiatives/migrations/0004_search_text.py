import unicodedata

from django.db import migrations

import spontaan.core.fields


def _search_key(text: str) -> str:
    # core.search.search_key as it was when this migration was written.
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def fill_search_text(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    batch = []
    for initiative in Initiative.objects.only("title", "summary", "address").iterator():
        initiative.search_text = _search_key(
            f"{initiative.title}\n{initiative.summary}\n{initiative.address}"
        )
        batch.append(initiative)
        if len(batch) == 1000:
            Initiative.objects.bulk_update(batch, ["search_text"])
            batch = []
    Initiative.objects.bulk_update(batch, ["search_text"])


def create_index(apps, schema_editor):
    from spontaan.initiatives.search_index import ensure_search_index

    ensure_search_index(schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0003_news"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="search_text",
            field=spontaan.core.fields.SearchKeyField(
                default="", editable=False, sources=("title", "summary", "address")
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_index, migrations.RunPython.noop),
    ]
