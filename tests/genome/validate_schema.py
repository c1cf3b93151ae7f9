#!/usr/bin/python3
"""Checks genome_schema/genome.schema.json: it is a valid draft-07 JSON Schema,
every property in it has a description, and the example genomes and the valid
genome fixtures satisfy it. YAML is read with YAML 1.2 booleans (only
true/false), as the C++ loader does, so `DRIFT002: off` stays a string."""
import json
import pathlib
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    pass


Yaml12Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def missing_descriptions(node, where):
    problems = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if "description" not in sub:
                problems.append(f"{where}.properties.{name}")
        for key, sub in node.items():
            if isinstance(sub, (dict, list)):
                problems += missing_descriptions(sub, f"{where}.{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            problems += missing_descriptions(sub, f"{where}[{i}]")
    return problems


def main(root):
    root = pathlib.Path(root)
    schema = json.loads((root / "genome_schema/genome.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    failures = [f"no description: {p}" for p in missing_descriptions(schema, "#")]
    validator = jsonschema.Draft7Validator(schema)
    files = sorted((root / "genome_schema/examples").glob("*.yaml")) + \
        sorted((root / "fixtures/genome/valid").glob("*.yaml")) + \
        sorted((root / "fixtures/genome/valid").glob("*.json"))
    if not files:
        failures.append("no example or valid fixture found")
    for path in files:
        doc = yaml.load(path.read_text(), Loader=Yaml12Loader)
        for err in validator.iter_errors(doc):
            failures.append(f"{path.relative_to(root)}: {'/'.join(map(str, err.path))}: {err.message}")
    for f in failures:
        print(f, file=sys.stderr)
    print(f"checked the schema and {len(files)} genome(s): {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
