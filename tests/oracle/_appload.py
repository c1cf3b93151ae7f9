"""Shared helpers for the oracle scripts: put an example app on sys.path and
load it the way its framework would, without a database server."""
import importlib
import inspect
import os
import sys
from typing import Any

# Flask factories get this config: SQLite in memory, so no driver or server is
# needed, and a throwaway secret so factories that insist on one start.
FLASK_TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "archverify-oracle",
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
    "SQLALCHEMY_ENGINE_OPTIONS": {},
}

DEFAULT_TARGETS = {"fastapi": "app.main:app", "flask": "app:create_app"}


def fail(message: str) -> "NoReturn":  # type: ignore[name-defined]
    print(f"{os.path.basename(sys.argv[0])}: {message}", file=sys.stderr)
    sys.exit(2)


def prepare(app_dir: str) -> None:
    if not os.path.isdir(app_dir):
        fail(f"not a directory: {app_dir}")
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.abspath(app_dir))


def resolve(target: str) -> Any:
    """'pkg.module:attr.sub' -> the object."""
    module_name, _, attr_path = target.partition(":")
    try:
        obj: Any = importlib.import_module(module_name)
    except ImportError as exc:
        hint = ""
        if exc.name and exc.name.split(".")[0] in ("fastapi", "flask", "flask_sqlalchemy", "sqlalchemy", "pydantic", "jwt"):
            hint = f" (run with /usr/bin/python3, which has Debian's python3-{exc.name.split('.')[0].replace('_', '-')})"
        fail(f"cannot import {module_name}: {exc}{hint}")
    for part in filter(None, attr_path.split(".")):
        obj = getattr(obj, part)
    return obj


def load_app(kind: str, target: str) -> Any:
    obj = resolve(target)
    if kind == "flask" and not hasattr(obj, "url_map"):
        # an application factory: pass the test config when it takes one
        try:
            takes_config = len(inspect.signature(obj).parameters) > 0
        except (TypeError, ValueError):
            takes_config = False
        obj = obj(dict(FLASK_TEST_CONFIG)) if takes_config else obj()
        if not takes_config:
            obj.config.update(FLASK_TEST_CONFIG)
    return obj
