"""Alembic's entry point, run by :func:`classroom.store.db.migrate` (never by hand).

The store hands over an open connection already inside its transaction (and, on
PostgreSQL, holding an advisory lock), so two servers starting at once migrate
one after the other.  ``alembic -c`` is not needed: there is no alembic.ini.
"""

from __future__ import annotations

from alembic import context

from classroom.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
