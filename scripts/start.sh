#!/usr/bin/env bash
# The README's main command: set up, build the app, start the devnet and serve the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-browser
export PATH="$PWD/node_modules/.bin:$PATH"
vite build
exec tsx src/node/devnet.ts "$@"
