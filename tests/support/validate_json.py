#!/usr/bin/env python3
"""validate_json.py SCHEMA FILE...: validates each FILE against the JSON Schema
(draft picked from its $schema) and exits non-zero on any error. Used by CTest
to keep reporters/report.schema.json and the JSON reporter in step."""
import json
import sys

import jsonschema


def main() -> int:
    if len(sys.argv) < 3:
        print("usage: validate_json.py SCHEMA FILE...", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    failed = False
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            print(f"{path}: /{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
        print(f"{path}: {'ok' if not errors else f'{len(errors)} error(s)'}")
        failed = failed or bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
