"""The search index over report pages, by database: PostgreSQL a GIN index on ReportPage.search_vector
kept by triggers (title weight A, page text D); SQLite an FTS5 table kept by triggers.

Triggers rather than code in the service, so that every path that writes a page or renames a report
(the admin, a cascade delete, a data fix) keeps the index current.
"""
from django.db import migrations

POSTGRES = [
    "CREATE INDEX meetings_reportpage_search_gin ON meetings_reportpage USING gin (search_vector)",
    """
    CREATE FUNCTION meetings_reportpage_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english', coalesce((SELECT title FROM meetings_report WHERE id = NEW.report_id), '')), 'A')
            || setweight(to_tsvector('english', coalesce(NEW.text, '')), 'D');
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER meetings_reportpage_vector BEFORE INSERT OR UPDATE OF text, report_id
    ON meetings_reportpage FOR EACH ROW EXECUTE FUNCTION meetings_reportpage_vector()
    """,
    """
    CREATE FUNCTION meetings_report_retitle() RETURNS trigger AS $$
    BEGIN
        UPDATE meetings_reportpage SET text = text WHERE report_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER meetings_report_retitle AFTER UPDATE OF title ON meetings_report
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION meetings_report_retitle()
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS meetings_report_retitle ON meetings_report",
    "DROP FUNCTION IF EXISTS meetings_report_retitle()",
    "DROP TRIGGER IF EXISTS meetings_reportpage_vector ON meetings_reportpage",
    "DROP FUNCTION IF EXISTS meetings_reportpage_vector()",
    "DROP INDEX IF EXISTS meetings_reportpage_search_gin",
]

SQLITE = [
    # rowid is the ReportPage's id; porter stemming, like PostgreSQL's english configuration.
    "CREATE VIRTUAL TABLE meetings_reportpage_fts USING fts5(title, text, tokenize = 'porter unicode61')",
    """
    CREATE TRIGGER meetings_reportpage_fts_insert AFTER INSERT ON meetings_reportpage BEGIN
        INSERT INTO meetings_reportpage_fts (rowid, title, text)
        VALUES (NEW.id, (SELECT title FROM meetings_report WHERE id = NEW.report_id), NEW.text);
    END
    """,
    """
    CREATE TRIGGER meetings_reportpage_fts_update AFTER UPDATE OF text, report_id ON meetings_reportpage BEGIN
        DELETE FROM meetings_reportpage_fts WHERE rowid = OLD.id;
        INSERT INTO meetings_reportpage_fts (rowid, title, text)
        VALUES (NEW.id, (SELECT title FROM meetings_report WHERE id = NEW.report_id), NEW.text);
    END
    """,
    """
    CREATE TRIGGER meetings_reportpage_fts_delete AFTER DELETE ON meetings_reportpage BEGIN
        DELETE FROM meetings_reportpage_fts WHERE rowid = OLD.id;
    END
    """,
    """
    CREATE TRIGGER meetings_report_fts_retitle AFTER UPDATE OF title ON meetings_report BEGIN
        UPDATE meetings_reportpage_fts SET title = NEW.title
        WHERE rowid IN (SELECT id FROM meetings_reportpage WHERE report_id = NEW.id);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS meetings_report_fts_retitle",
    "DROP TRIGGER IF EXISTS meetings_reportpage_fts_delete",
    "DROP TRIGGER IF EXISTS meetings_reportpage_fts_update",
    "DROP TRIGGER IF EXISTS meetings_reportpage_fts_insert",
    "DROP TABLE IF EXISTS meetings_reportpage_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("meetings", "0011_reports_attached_to_items")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
