// Totals vitest JSON reports (one per run: database and Node version) into the one line CI
// reads: `N passed, N failed`, with `, N skipped` when a test was skipped (the browser tests
// on a machine without Chromium, outside CI). A missing or unreadable report counts as a failure.
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  try {
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    // vitest reports skipped tests (describe.runIf, it.skip) as pending.
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A file that failed without a failing test (an import error, a failing hook) counts once.
    failed += (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
    ).length;
    if ((report.numTotalTests ?? 0) === 0) {
      console.error(`${file}: ran no test`);
      failed += 1;
    }
  } catch (error) {
    console.error(`${file}: no usable vitest report (${error.message})`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;
