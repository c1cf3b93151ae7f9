#!/usr/bin/env python3
"""validate_schema.py SCHEMA FILE: validates a YAML (or JSON) file against a
JSON Schema with python3-jsonschema; prints every error. Exit 77 (skipped)
when the schema file is absent."""
import json
import sys

import jsonschema
import yaml

schema_path, doc_path = sys.argv[1], sys.argv[2]
try:
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
except FileNotFoundError:
    print(f"SKIP: {schema_path} not found (the shared oracles folder is not next to this repository)")
    sys.exit(77)
with open(doc_path, encoding="utf-8") as f:
    doc = yaml.safe_load(f)
validator = jsonschema.validators.validator_for(schema)(schema)
errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
for e in errors:
    print(f"{doc_path}: {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}")
if errors:
    sys.exit(1)
print(f"{doc_path}: valid against {schema_path}")
