#!/usr/bin/env python3
"""action_contract.py REPO: what action.yml promises its users, beyond what
the schema (check-action) can see: the documented inputs, defaults and outputs,
the exit codes in the description, no `${{ inputs.* }}` spliced into shell
text (script injection), the SARIF upload under a stable category that also
runs for a failed gate, the build cache, and a last step that fails the job."""
import os
import re
import sys

import yaml

repo = sys.argv[1]
with open(os.path.join(repo, "action.yml"), encoding="utf-8") as f:
    action = yaml.safe_load(f)
errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


inputs = action.get("inputs", {})
check(set(inputs) == {"path", "genome", "threshold", "args", "sarif-file", "upload-sarif", "baseline", "fail-on"},
      f"inputs are {sorted(inputs)}")
check(inputs.get("path", {}).get("default") == ".", "path defaults to '.'")
check(inputs.get("sarif-file", {}).get("default") == "archverify.sarif", "sarif-file defaults to archverify.sarif")
check(str(inputs.get("upload-sarif", {}).get("default")) == "true", "upload-sarif defaults to true")
outputs = action.get("outputs", {})
check(set(outputs) == {"score", "passed", "sarif-file"}, f"outputs are {sorted(outputs)}")
for name, out in outputs.items():
    check(re.fullmatch(r"\$\{\{ steps\.run\.outputs\.[a-z-]+ \}\}", str(out.get("value", ""))), f"output {name} maps a run-step output")
desc = action.get("description", "")
for code, word in (("0", "passed"), ("1", "failed"), ("2", "error"), ("3", "internal")):
    check(re.search(rf"\b{code}\b[^;.]*{word}", desc), f"description documents exit code {code} ({word})")

runs = action.get("runs", {})
check(runs.get("using") == "composite", "composite action")
steps = runs.get("steps", [])
by_id = {s.get("id"): s for s in steps if s.get("id")}
for s in steps:
    if "run" in s:
        check("${{ inputs." not in s["run"], f"step '{s.get('name')}' splices an input into shell text")
        check(s.get("shell") == "bash", f"step '{s.get('name')}' declares shell: bash")
uses = [s.get("uses", "") for s in steps]
check(any(u.startswith("actions/cache/restore@") for u in uses), "restores a build cache")
check(any(u.startswith("actions/cache/save@") for u in uses), "saves the build cache")
check(any("scripts/install-deps.sh" in s.get("run", "") for s in steps), "installs deps with scripts/install-deps.sh")
check(any("scripts/build.sh" in s.get("run", "") for s in steps), "builds with scripts/build.sh")
run = by_id.get("run", {})
check("scripts/action/run.sh" in run.get("run", ""), "the run step calls scripts/action/run.sh")
upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
check(len(upload) == 1, "one upload-sarif step")
if upload:
    u = upload[0]
    check(u.get("with", {}).get("category") == "archverify", "upload-sarif category is 'archverify'")
    cond = str(u.get("if", ""))
    check("inputs.upload-sarif == 'true'" in cond, "upload is conditional on the upload-sarif input")
    check("exit-code" not in cond and "failure()" not in cond, "upload does not depend on the gate outcome")
    check(steps.index(u) < len(steps) - 1, "upload happens before the gate step")
gate = steps[-1] if steps else {}
check("exit 1" in gate.get("run", "") and "steps.run.outputs.exit-code" in str(gate.get("env", {})),
      "the last step fails on the recorded exit code")

# The scripts the action runs exist and are executable in the action checkout.
for rel in ("scripts/install-deps.sh", "scripts/build.sh", "scripts/action/run.sh"):
    check(os.access(os.path.join(repo, rel), os.X_OK), f"{rel} is executable")

for e in errors:
    print("FAIL:", e)
if errors:
    sys.exit(1)
print(f"action.yml: {len(steps)} steps, inputs {sorted(inputs)}, outputs {sorted(outputs)}: contract holds")
