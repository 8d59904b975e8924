#!/usr/bin/env bash
# Generates the next drizzle migration from src/persistence/schema/, one at a time
# (several people editing the schema at once must not interleave two generations).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/generate-migration.sh NAME}
exec 9>/tmp/suiji-generate-migration.lock
flock 9
npx drizzle-kit generate --name "$name"
