#!/usr/bin/python3
"""Print the routes a FastAPI or Flask app really serves, as archverify should see them.

usage: /usr/bin/python3 tests/oracle/dump_routes.py APP_DIR fastapi|flask [--target MODULE:ATTR]

APP_DIR is put first on sys.path and the app is imported from it:
  fastapi: MODULE:ATTR defaults to app.main:app (a FastAPI instance)
  flask:   MODULE:ATTR defaults to app:create_app (a factory called with a test
           config: SQLite in memory, TESTING, a throwaway SECRET_KEY; a Flask
           instance is used as is)

Output (JSON on stdout, sorted, deduplicated, byte-stable):
  {"kind": ..., "routes": ["GET /health", ...], "not_in_schema": [...]}

  FastAPI: every APIRoute, one entry per method it declares. Starlette routes
    that are not APIRoutes (/openapi.json, /docs, /redoc, mounts, websockets)
    are left out. Routes declared with include_in_schema=False ARE listed in
    "routes" and are also listed in "not_in_schema", so a consumer can compare
    either the full set or the documented set.
  Flask: every url_map rule except the "static" endpoint (and blueprint
    "<bp>.static" endpoints), one entry per method minus HEAD and OPTIONS
    (which Werkzeug adds on its own). Converters are normalised:
    <int:id> -> {id}, <path:p> -> {p}, <name> -> {name}. "not_in_schema" is
    always empty for Flask.
"""
import argparse
import json
import re
import sys
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _appload import DEFAULT_TARGETS, fail, load_app, prepare  # noqa: E402

FLASK_VAR = re.compile(r"<(?:[A-Za-z_][A-Za-z0-9_]*(?:\([^)]*\))?:)?([A-Za-z_][A-Za-z0-9_]*)>")
FLASK_IMPLICIT = {"HEAD", "OPTIONS"}


def fastapi_routes(app):
    from fastapi.routing import APIRoute

    routes, hidden = set(), set()
    for route in app.routes:
        if not isinstance(route, APIRoute):
            continue
        for method in route.methods:
            entry = f"{method.upper()} {route.path}"
            routes.add(entry)
            if not route.include_in_schema:
                hidden.add(entry)
    return routes, hidden


def normalise_flask_rule(rule: str) -> str:
    return FLASK_VAR.sub(lambda m: "{" + m.group(1) + "}", rule)


def flask_routes(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        for method in (rule.methods or set()) - FLASK_IMPLICIT:
            routes.add(f"{method.upper()} {normalise_flask_rule(rule.rule)}")
    return routes, set()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("app_dir")
    parser.add_argument("kind", choices=["fastapi", "flask"])
    parser.add_argument("--target", help="MODULE:ATTR of the app or factory (default per kind)")
    args = parser.parse_args(argv)

    prepare(args.app_dir)
    app = load_app(args.kind, args.target or DEFAULT_TARGETS[args.kind])
    if args.kind == "fastapi":
        if not hasattr(app, "routes"):
            fail(f"{args.target or DEFAULT_TARGETS['fastapi']} is not a FastAPI app")
        routes, hidden = fastapi_routes(app)
    else:
        if not hasattr(app, "url_map"):
            fail("the flask target did not produce a Flask app")
        routes, hidden = flask_routes(app)

    out = {"kind": args.kind, "routes": sorted(routes), "not_in_schema": sorted(hidden)}
    sys.stdout.write(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
