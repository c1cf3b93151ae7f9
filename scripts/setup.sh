#!/usr/bin/env bash
# Quick start, step 1: install dependencies, build, and run archverify on the
# bundled FastAPI example (a multi-tenant SaaS with deliberate violations).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh archverify
echo
echo "== archverify fixtures/repos/fastapi_multitenant"
set +e
build/analyzer/cli/archverify fixtures/repos/fastapi_multitenant
rc=$?
set -e
echo
echo "(exit code $rc: 0 gate passed, 1 gate failed — expected here, the example has violations)"
