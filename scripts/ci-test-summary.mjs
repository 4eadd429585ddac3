// Reads vitest's JSON report and prints, for CI: each integration suite with
// what happened to it, then the one closing line CI parses,
// `tests: N passed, N failed, N skipped`. Exits 1 when anything failed.
//
// usage: node scripts/ci-test-summary.mjs REPORT.json [VITEST_EXIT_CODE]
//
// Plain JavaScript on Node's built-ins only, so it still runs (and still
// prints the closing line) when `npm ci` failed and nothing else can.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import process from 'node:process';

const INTEGRATION_SUFFIX = '.int.test.ts';

function print(line = '') {
  process.stdout.write(`${line}\n`);
}

function readReport(path) {
  if (!path || !existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function countByStatus(assertions) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const { status } of assertions) {
    if (status === 'passed') counts.passed += 1;
    else if (status === 'failed') counts.failed += 1;
    else counts.skipped += 1; // skipped, pending, todo
  }
  return counts;
}

// A file that throws while loading (an integration suite that cannot reach its
// service under WICK_CI=1 does) has no tests in the report, only a failed
// status: it must still count, or CI would read "0 failed".
function fileFailedWithoutTests(file) {
  return file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed');
}

function describeSuite(file) {
  const counts = countByStatus(file.assertionResults);
  const name = relative(process.cwd(), file.name);
  if (fileFailedWithoutTests(file)) {
    const reason = String(file.message ?? 'failed to load').split('\n')[0];
    return `  FAILED   ${name}: ${reason}`;
  }
  const total = counts.passed + counts.failed + counts.skipped;
  if (total > 0 && counts.skipped === total) return `  skipped  ${name} (${total} ${total === 1 ? 'test' : 'tests'} skipped)`;
  const state = counts.failed > 0 ? 'FAILED ' : 'ran    ';
  return `  ${state}  ${name} (${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped)`;
}

function printIntegrationSuites(files) {
  const suites = files.filter((f) => f.name.endsWith(INTEGRATION_SUFFIX)).sort((a, b) => a.name.localeCompare(b.name));
  print(`integration suites (${suites.length}):`);
  for (const suite of suites) print(describeSuite(suite));
}

function totals(report, exitCode) {
  const files = report.testResults ?? [];
  const loadFailures = files.filter(fileFailedWithoutTests).length;
  const result = {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + loadFailures,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
  // vitest also fails a run for errors outside any test (an unhandled
  // rejection, say); such a run must not read as green.
  if (result.failed === 0 && exitCode !== undefined && exitCode !== 0) {
    print(`vitest exited with code ${exitCode} although no test failed (see "Unhandled Errors" above); counted as 1 failed`);
    result.failed = 1;
  }
  return result;
}

function main() {
  const [reportPath, exitCodeArg] = process.argv.slice(2);
  const exitCode = exitCodeArg === undefined || exitCodeArg === '' ? undefined : Number(exitCodeArg);
  const report = readReport(reportPath);
  let result;
  if (report === undefined) {
    print(`no vitest JSON report at ${reportPath ?? '(none given)'}: the tests did not run to the end; counted as 1 failed`);
    result = { passed: 0, failed: 1, skipped: 0 };
  } else {
    printIntegrationSuites(report.testResults ?? []);
    result = totals(report, exitCode);
  }
  const skipped = result.skipped > 0 ? `, ${result.skipped} skipped` : '';
  print(`tests: ${result.passed} passed, ${result.failed} failed${skipped}`);
  process.exitCode = result.failed > 0 ? 1 : 0;
}

main();
