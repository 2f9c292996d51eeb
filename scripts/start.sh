#!/usr/bin/env bash
# The README's main command: refuse busy ports before touching anything, set up, build the app,
# then become the devnet (exec), so a signal sent to `npm start` reaches it directly and it can
# stop in order. DEVNET_SKIP_BUILD=1 skips setup and build (the tests run the devnet this way).
set -euo pipefail
cd "$(dirname "$0")/.."

for spec in "L1_PORT:${L1_PORT:-8645}" "APP_PORT:${APP_PORT:-5173}"; do
  name=${spec%%:*}
  port=${spec#*:}
  # Something accepting connections there: refuse now, before setup or `vite build` touch dist/.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "devnet: port $port ($name) on 127.0.0.1 is already in use (another npm start?); stop it or set $name" >&2
    exit 1
  fi
done

if [ "${DEVNET_SKIP_BUILD:-}" != 1 ]; then
  bash scripts/setup.sh --no-browser
  PATH="$PWD/node_modules/.bin:$PATH" vite build
fi
export PATH="$PWD/node_modules/.bin:$PATH"
exec node --import tsx src/node/devnet.ts "$@"
