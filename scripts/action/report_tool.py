#!/usr/bin/env python3
"""Small helpers for action.yml's run step (scripts/action/run.sh), reading the
JSON report (reporters/report.schema.json, schema_version 1):

  outputs JSON RC            print `score=` and `passed=` step outputs
  summary JSON RC            print a Markdown job summary (used only when
                             archverify did not write $GITHUB_STEP_SUMMARY itself)
  rebase-sarif SARIF PREFIX  make result paths relative to the repository root
                             when the analysed root is the subfolder PREFIX
  rebase-annotations PREFIX  the same for `::error file=...` lines (stdin -> stdout)

A missing or unreadable report is not an error here: archverify's exit code
(RC) still says whether the gate passed (0), failed (1) or errored (2, 3).
"""
import json
import posixpath
import re
import sys

EXIT_MEANING = {0: "gate passed", 1: "gate failed", 2: "usage, configuration or genome error", 3: "internal error"}


def load_report(path):
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(report, dict) or report.get("schema_version") != 1:
        return None
    return report


def cmd_outputs(report_path, rc):
    report = load_report(report_path)
    score = report.get("score", {}) if report else {}
    overall = score.get("overall")
    passed = score.get("passed")
    if not isinstance(passed, bool):
        passed = rc == 0
    print(f"score={'' if overall is None else overall}")
    print(f"passed={'true' if passed and rc == 0 else 'false'}")


def md_escape(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def cmd_summary(report_path, rc):
    report = load_report(report_path)
    verdict = EXIT_MEANING.get(rc, f"exit code {rc}")
    icon = "✅" if rc == 0 else "❌"
    print(f"## archverify: {icon} {verdict}\n")
    if report is None:
        print(f"archverify exited with code {rc}; no JSON report was produced (see the step log).\n")
        return
    score = report["score"]
    line = f"**Score {score['overall']}** (threshold {score['threshold']})"
    if score.get("fail_on"):
        line += f", fail on `{score['fail_on']}`" + (" — triggered" if score.get("fail_on_triggered") else "")
    print(line + "\n")
    if score.get("categories"):
        print("| category | score | weight | checks | failures |")
        print("|---|---:|---:|---:|---:|")
        for c in score["categories"]:
            print(f"| {c['category']} | {c['score']} | {c['weight']} | {c['checks']} | {c['failures']} |")
        print()
    counted = [f for f in report.get("findings", []) if f.get("counts_for_score")]
    if counted:
        print(f"{len(counted)} finding(s) count for the score:\n")
        print("| rule | severity | location | message |")
        print("|---|---|---|---|")
        for f in counted[:50]:
            loc = f["location"]
            print(f"| {f['rule']} | {f['severity']} | `{md_escape(loc['path'])}:{loc['start_line']}` | {md_escape(f['message'])} |")
        if len(counted) > 50:
            print(f"\n… and {len(counted) - 50} more (see the SARIF or JSON report).")
        print()


def rebased(uri, prefix):
    if not isinstance(uri, str) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", uri) or uri.startswith("/"):
        return uri
    return posixpath.normpath(posixpath.join(prefix, uri))


def cmd_rebase_sarif(sarif_path, prefix):
    prefix = posixpath.normpath(prefix.replace("\\", "/"))
    with open(sarif_path, encoding="utf-8") as f:
        sarif = json.load(f)

    def walk(node):
        if isinstance(node, dict):
            loc = node.get("artifactLocation")
            if isinstance(loc, dict) and "uri" in loc:
                loc["uri"] = rebased(loc["uri"], prefix)
            for key, value in node.items():
                if key == "location" and isinstance(value, dict) and "uri" in value:  # run.artifacts[].location
                    value["uri"] = rebased(value["uri"], prefix)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for run in sarif.get("runs", []):
        walk(run.get("results", []))
        walk(run.get("artifacts", []))
        walk(run.get("invocations", []))
    with open(sarif_path, "w", encoding="utf-8") as f:
        json.dump(sarif, f, indent=2, ensure_ascii=False)
        f.write("\n")


def escape_property(text):
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def cmd_rebase_annotations(prefix):
    prefix = posixpath.normpath(prefix.replace("\\", "/"))
    pattern = re.compile(r"^(::(?:error|warning|notice) (?:[^:]*,)?file=)([^,:]*)")
    for line in sys.stdin:
        m = pattern.match(line)
        if m and prefix != ".":
            path = m.group(2).replace("%2C", ",").replace("%3A", ":").replace("%25", "%")
            line = m.group(1) + escape_property(rebased(path, prefix)) + line[m.end():]
        sys.stdout.write(line)
        sys.stdout.flush()


def main(argv):
    if len(argv) == 4 and argv[1] == "outputs":
        cmd_outputs(argv[2], int(argv[3]))
    elif len(argv) == 4 and argv[1] == "summary":
        cmd_summary(argv[2], int(argv[3]))
    elif len(argv) == 4 and argv[1] == "rebase-sarif":
        cmd_rebase_sarif(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] == "rebase-annotations":
        cmd_rebase_annotations(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
