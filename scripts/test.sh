#!/usr/bin/env bash
# The README's test command: set up what is missing, then run the unit tests (vitest, Node)
# and the browser tests (Playwright driving Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
tsc --noEmit
biome ci .
depcruise src workers --config .dependency-cruiser.cjs
vitest run
playwright test
