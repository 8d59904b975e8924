#!/usr/bin/env bash
# Makes the docs' screenshots in docs/screenshots/: the browser test that runs the year from
# the console alone (test/browser/notices.test.ts: import, tier list, inspector and conflict
# forms, freeze, draw, notices, Excel) drives Debian's headless Chromium through
# test/browser/harness.ts against the demo county, and this copies what it saved:
#   notice.png                 one 检查通知书 as the print page shows it
#   derivation-zh.png          the console's Chinese derivation page (抽查比例推算)
#   selected-enterprises.csv   the downloaded 抽中企业 .xlsx converted to CSV with exceljs
# Usage: scripts/docs-screenshots.sh   (PGlite; needs /usr/bin/chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL= npx vitest run test/browser/notices.test.ts
from=test-results/screenshots/pglite
to=docs/screenshots
cp "$from/notice-sheet-desktop.png" "$to/notice.png"
cp "$from/derivation-zh-desktop.png" "$to/derivation-zh.png"
cp "$from/selected-enterprises.csv" "$to/selected-enterprises.csv"
echo "docs/screenshots updated; paste the first lines of $to/selected-enterprises.csv into docs/notices-and-exports.md if the columns changed"
