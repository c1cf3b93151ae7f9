#!/usr/bin/python3
"""Print every ForeignKey column of an app's SQLAlchemy models and whether an index leads with it.

usage: /usr/bin/python3 tests/oracle/dump_foreign_keys.py APP_DIR fastapi|flask [--metadata MODULE:ATTR]

Which MetaData is walked:
  --metadata MODULE:ATTR   explicit (e.g. app.models:Base.metadata)
  fastapi (default)        imports app.models and takes the MetaData of every
                           module attribute that is a MetaData or has one as
                           .metadata (the declarative Base)
  flask (default)          builds the app like dump_routes.py (create_app with
                           a SQLite test config) and takes the MetaData of the
                           Flask-SQLAlchemy extension (all binds)

Output (JSON on stdout, sorted by table, column, references; byte-stable):
  {"foreign_keys": [{"table": t, "column": c, "references": "t2.c2", "indexed": bool}, ...]}

One entry per (column, referenced column) pair; a composite ForeignKeyConstraint
gives one entry per column. "indexed" is true when the column has index=True or
unique=True, or some index, unique constraint or primary key of the same table
has this column as its LEADING (first) column. Being the 2nd+ column of a
composite index does not count. Only the models are judged: indexes created
only by migrations are invisible here.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _appload import fail, load_app, prepare, resolve  # noqa: E402


def collect_metadata(kind: str, target: str):
    from sqlalchemy import MetaData

    if target:
        md = resolve(target)
        if not isinstance(md, MetaData):
            fail(f"{target} is not a sqlalchemy MetaData")
        return [md]
    found = {}
    if kind == "flask":
        app = load_app("flask", "app:create_app")
        ext = app.extensions.get("sqlalchemy")
        if ext is None:
            fail("the Flask app has no Flask-SQLAlchemy extension")
        # Flask-SQLAlchemy 3.x registers the extension itself; 2.x a state object with .db
        db = ext if hasattr(ext, "metadatas") or not hasattr(ext, "db") else ext.db
        metadatas = getattr(db, "metadatas", None) or {None: db.metadata}
        for md in metadatas.values():
            found[id(md)] = md
    else:
        module = resolve("app.models")
        for value in vars(module).values():
            md = value if isinstance(value, MetaData) else getattr(value, "metadata", None)
            if isinstance(md, MetaData):
                found[id(md)] = md
    if not found:
        fail("no SQLAlchemy MetaData found")
    return list(found.values())


def leading_column(expressions):
    return expressions[0] if expressions else None


def is_indexed(table, column) -> bool:
    if column.index or column.unique:
        return True
    for index in table.indexes:
        if leading_column(list(index.expressions)) is column:
            return True
    for constraint in table.constraints:
        # UniqueConstraint and PrimaryKeyConstraint; ForeignKeyConstraint and
        # CheckConstraint create no index in PostgreSQL
        if constraint.__class__.__name__ in ("UniqueConstraint", "PrimaryKeyConstraint"):
            cols = list(constraint.columns)
            if cols and cols[0] is column:
                return True
    return False


def table_name(table) -> str:
    return f"{table.schema}.{table.name}" if table.schema else table.name


def foreign_keys(metadatas):
    rows = []
    for md in metadatas:
        for table in md.tables.values():
            for fk in table.foreign_keys:
                try:
                    target = f"{table_name(fk.column.table)}.{fk.column.name}"
                except Exception:  # unresolved target table: report what was written
                    target = fk.target_fullname
                rows.append(
                    {
                        "table": table_name(table),
                        "column": fk.parent.name,
                        "references": target,
                        "indexed": is_indexed(table, fk.parent),
                    }
                )
    unique = {(r["table"], r["column"], r["references"]): r for r in rows}
    return [unique[key] for key in sorted(unique)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("app_dir")
    parser.add_argument("kind", choices=["fastapi", "flask"])
    parser.add_argument("--metadata", help="MODULE:ATTR of a MetaData (default per kind)")
    args = parser.parse_args(argv)

    prepare(args.app_dir)
    out = {"foreign_keys": foreign_keys(collect_metadata(args.kind, args.metadata))}
    sys.stdout.write(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
