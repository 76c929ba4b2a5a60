"""
A database read as it is, for tests that compare two of them (a back-up and its restore):
every row of every table and the position of every sequence.
"""

import psycopg
from psycopg import sql


def database_state(**connection):
    """{table: its rows, as COPY writes them (one line a row), sorted} and the position of
    every sequence, of the database psycopg reaches with ``connection``: what a restore
    must give back exactly."""
    state = {}
    with psycopg.connect(**connection) as db:
        tables = db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        for (table,) in tables:
            query = sql.SQL("COPY {} TO STDOUT").format(sql.Identifier(table))
            with db.cursor().copy(query) as copy:
                rows = b"".join(bytes(block) for block in copy)
            state[table] = sorted(rows.splitlines())
        sequences = db.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
        for name, position in sequences:
            state[f"sequence {name}"] = position
    return state
