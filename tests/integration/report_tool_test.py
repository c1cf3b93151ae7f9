#!/usr/bin/env python3
"""report_tool_test.py REPORT_TOOL: the action's report helper on a hand-made
schema_version 1 report and SARIF file: step outputs, the Markdown summary,
and rebasing of SARIF and annotation paths onto a subfolder."""
import json
import os
import subprocess
import sys
import tempfile

tool = sys.argv[1]
failures = []


def run(*args, stdin=None):
    p = subprocess.run([sys.executable, tool, *args], input=stdin, capture_output=True, text=True)
    if p.returncode != 0:
        failures.append(f"{args[0]} exited {p.returncode}: {p.stderr}")
    return p.stdout


def expect(cond, what):
    if not cond:
        failures.append(what)


finding = {
    "rule": "TEN001", "name": "unscoped-tenant-query", "severity": "critical", "category": "tenancy",
    "location": {"path": "app/routers/items.py", "start_line": 12, "start_column": 5, "end_line": 12, "end_column": 30},
    "message": "select(Item) | no tenant filter", "hint": "", "snippet": "", "fingerprint": "f", "line_hash": "h",
    "suppression": None, "baseline": None, "counts_for_score": True, "related": [],
}
suppressed = dict(finding, rule="DB001", counts_for_score=False, suppression={"kind": "in-source", "reason": "r"})
report = {
    "schema_version": 1,
    "score": {"overall": 72.5, "threshold": 80, "passed": False, "fail_on": None, "fail_on_triggered": False,
              "categories": [{"category": "tenancy", "score": 50.0, "weight": 25, "checks": 2, "failures": 1,
                              "weighted_checks": 20, "weighted_failures": 10}], "top_losses": []},
    "findings": [finding, suppressed],
}
with tempfile.TemporaryDirectory() as tmp:
    rpt = os.path.join(tmp, "r.json")
    with open(rpt, "w") as f:
        json.dump(report, f)

    out = run("outputs", rpt, "1")
    expect(out.splitlines() == ["score=72.5", "passed=false"], f"outputs (failed gate): {out!r}")
    report["score"]["passed"] = True
    with open(rpt, "w") as f:
        json.dump(report, f)
    out = run("outputs", rpt, "0")
    expect(out.splitlines() == ["score=72.5", "passed=true"], f"outputs (passed gate): {out!r}")
    out = run("outputs", os.path.join(tmp, "missing.json"), "2")
    expect(out.splitlines() == ["score=", "passed=false"], f"outputs without a report: {out!r}")
    out = run("outputs", os.path.join(tmp, "missing.json"), "0")
    expect(out.splitlines() == ["score=", "passed=true"], f"outputs without a report, exit 0: {out!r}")

    md = run("summary", rpt, "1")
    expect("gate failed" in md and "**Score 72.5** (threshold 80)" in md, f"summary headline: {md!r}")
    expect("| tenancy | 50.0 | 25 | 2 | 1 |" in md, "summary category row")
    expect("`app/routers/items.py:12`" in md and "select(Item) \\| no tenant filter" in md, "summary finding row, escaped")
    expect("DB001" not in md, "suppressed findings stay out of the summary")
    md = run("summary", os.path.join(tmp, "missing.json"), "2")
    expect("configuration or genome error" in md and "no JSON report" in md, f"summary without a report: {md!r}")

    sarif = {"version": "2.1.0", "runs": [{"results": [{"locations": [{"physicalLocation": {
        "artifactLocation": {"uri": "app/main.py", "uriBaseId": "%SRCROOT%"}}}],
        "relatedLocations": [{"physicalLocation": {"artifactLocation": {"uri": "./app/models.py"}}}]}],
        "artifacts": [{"location": {"uri": "file:///abs/app.py"}}]}]}
    sp = os.path.join(tmp, "r.sarif")
    with open(sp, "w") as f:
        json.dump(sarif, f)
    run("rebase-sarif", sp, "fixtures/repos/demo/")
    with open(sp) as f:
        got = json.load(f)["runs"][0]
    expect(got["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "fixtures/repos/demo/app/main.py",
           "SARIF result location rebased")
    expect(got["results"][0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "fixtures/repos/demo/app/models.py",
           "SARIF related location rebased and normalised")
    expect(got["artifacts"][0]["location"]["uri"] == "file:///abs/app.py", "absolute URIs are left alone")

    lines = ("::error file=app/a%2Cb.py,line=3,col=1,title=TEN001::msg file=x\n"
             "::warning title=t,file=app/c.py::m\n"
             "plain log line file=app/d.py\n")
    out = run("rebase-annotations", "sub/dir", stdin=lines).splitlines()
    expect(out[0] == "::error file=sub/dir/app/a%2Cb.py,line=3,col=1,title=TEN001::msg file=x", f"annotation: {out[0]!r}")
    expect(out[1] == "::warning title=t,file=sub/dir/app/c.py::m", f"annotation with title first: {out[1]!r}")
    expect(out[2] == "plain log line file=app/d.py", "other lines untouched")
    out = run("rebase-annotations", ".", stdin=lines)
    expect(out == lines, "path '.' leaves annotations untouched")

for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
print("report_tool: outputs, summary, rebase-sarif, rebase-annotations ok")
