#!/usr/bin/env node

// `npm test`: runs the Jest projects defined in jest.config.js one after another — unit (parallel),
// integration (2 workers), e2e (in band, after `npm run build`, since the e2e tests start the built app)
// — and ends with ONE line, alone and last: `N passed, N failed`.
//
//   npm test                              every project
//   npm test -- --selectProjects unit     only some projects
//   npm test -- incidents -t "escalat"    extra arguments are passed on to every jest run
//   npm test -- --no-build                skip the build before e2e (or RENKEI_SKIP_BUILD=1)
//
// Results: .test-results/jest-<project>.json per project, merged into .test-results/jest.json.
// A test file that fails to run counts as one failure; a crashed jest run, a failed build or a run in
// which no test ran at all also count as one failure. Exit code 0 only when everything passed.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { cpus } = require('node:os');
const { join, relative, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const resultsDir = join(root, '.test-results');
const mergedFile = join(resultsDir, 'jest.json');

const PROJECTS = [
  { name: 'unit', workers: [`--maxWorkers=${Math.max(2, cpus().length - 1)}`] },
  // --forceExit: a database pool or server left open by a test must not hang CI.
  { name: 'integration', workers: ['--maxWorkers=2'], extra: ['--forceExit'] },
  { name: 'e2e', workers: ['--runInBand'], extra: ['--forceExit'], needsBuild: true },
];

const env = { ...process.env };
env.NODE_ENV ||= 'test';
env.TEST_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/postgres';
env.TEST_REDIS_URL ||= 'redis://127.0.0.1:6379';
// PGlite (embedded mode) loads its WebAssembly with a dynamic import(), which Jest's VM allows only with this flag.
if (!String(env.NODE_OPTIONS ?? '').includes('--experimental-vm-modules')) {
  env.NODE_OPTIONS =
    `${env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim();
}

let jestBin;
try {
  jestBin = require.resolve('jest/bin/jest', { paths: [root] });
} catch {
  jestBin = null;
}

function parseArgs(argv) {
  const forwarded = [];
  let build = !['1', 'true', 'yes'].includes(String(env.RENKEI_SKIP_BUILD ?? '').toLowerCase());
  let selected = null;
  let ownWorkers = false;
  let passthrough = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-build') {
      build = false;
    } else if (arg === '--selectProjects') {
      selected ??= [];
      while (i + 1 < argv.length && !argv[i + 1].startsWith('-')) selected.push(argv[++i]);
    } else if (arg.startsWith('--selectProjects=')) {
      selected ??= [];
      selected.push(...arg.slice('--selectProjects='.length).split(','));
    } else if (arg === '--json') {
      // always on: the results go to .test-results
    } else if (arg === '--outputFile') {
      i++;
    } else if (arg.startsWith('--outputFile=')) {
      // ignored, see --json
    } else {
      if (/^(-i|--runInBand|-w|--maxWorkers)(=|$)/.test(arg)) ownWorkers = true;
      if (
        /^(--watch|--watchAll|--listTests|--showConfig|--clearCache|--help|-h|--version|-v)(=|$)/.test(arg)
      ) {
        passthrough = true;
      }
      forwarded.push(arg);
    }
  }
  return { forwarded, build, selected, ownWorkers, passthrough };
}

function runJest(args, options = {}) {
  return spawnSync(process.execPath, [jestBin, ...args], { cwd: root, env, stdio: 'inherit', ...options });
}

/** Test files of one project for the given arguments, or null when jest could not list them. */
function listTests(project, forwarded) {
  const result = runJest(['--selectProjects', project, '--listTests', '--json', ...forwarded], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) return null;
  const line = result.stdout
    .split('\n')
    .map((l) => l.trim())
    .reverse()
    .find((l) => l.startsWith('['));
  try {
    return line ? JSON.parse(line) : [];
  } catch {
    return null;
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Failures in one jest result: failed tests, plus one per test file that failed without a failed test. */
function countResults(report) {
  let passed = 0;
  let failed = 0;
  const failures = [];
  for (const suite of report.testResults ?? []) {
    const file = relative(root, suite.name ?? suite.testFilePath ?? '');
    const assertions = suite.assertionResults ?? suite.testResults ?? [];
    const failedTests = assertions.filter((a) => a.status === 'failed');
    passed += assertions.filter((a) => a.status === 'passed').length;
    let suiteFailures = failedTests.length;
    for (const test of failedTests) failures.push(`${file} › ${test.fullName ?? test.title}`);
    const ranWithError = Boolean(suite.testExecError) || suite.status === 'failed';
    if (suite.testExecError || (ranWithError && suiteFailures === 0)) {
      suiteFailures += 1;
      failures.push(`${file} (test file failed to run)`);
    }
    failed += suiteFailures;
  }
  // Cross-check with jest's own totals in case a result shape differs.
  const reported = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  failed = Math.max(failed, reported);
  passed = Math.max(passed, report.numPassedTests ?? 0);
  return { passed, failed, failures };
}

function emptyReport() {
  return {
    success: true,
    startTime: Date.now(),
    numTotalTestSuites: 0,
    numPassedTestSuites: 0,
    numFailedTestSuites: 0,
    numRuntimeErrorTestSuites: 0,
    numPendingTestSuites: 0,
    numTotalTests: 0,
    numPassedTests: 0,
    numFailedTests: 0,
    numPendingTests: 0,
    numTodoTests: 0,
    testResults: [],
    projects: {},
  };
}

function mergeInto(merged, name, report) {
  for (const key of Object.keys(merged)) {
    if (key.startsWith('num') && typeof report[key] === 'number') merged[key] += report[key];
  }
  merged.success = merged.success && report.success !== false;
  merged.startTime = Math.min(merged.startTime, report.startTime ?? merged.startTime);
  merged.testResults.push(...(report.testResults ?? []));
  merged.projects[name] = { success: report.success, numPassedTests: report.numPassedTests };
}

function buildOnce() {
  console.log('\n=== npm run build (the e2e tests start the built app) ===');
  const npmCli = env.npm_execpath;
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, env, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], { cwd: root, env, stdio: 'inherit' });
  return result.status === 0;
}

function finish(passed, failed, notes) {
  for (const note of notes) console.log(note);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!jestBin) {
    console.error('jest is not installed: run npm install first.');
    return finish(0, 1, []);
  }
  if (options.passthrough) {
    const result = runJest(options.forwarded);
    process.exitCode = result.status ?? 1;
    return;
  }

  const known = PROJECTS.map((p) => p.name);
  const unknown = (options.selected ?? []).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    console.error(`Unknown project(s): ${unknown.join(', ')} (known: ${known.join(', ')})`);
    return finish(0, 1, []);
  }
  const projects = PROJECTS.filter((p) => !options.selected || options.selected.includes(p.name));

  mkdirSync(resultsDir, { recursive: true });
  rmSync(mergedFile, { force: true });
  const merged = emptyReport();
  let passed = 0;
  let failed = 0;
  const failures = [];
  const notes = [];
  let built = false;

  for (const project of projects) {
    const file = join(resultsDir, `jest-${project.name}.json`);
    rmSync(file, { force: true });
    const tests = listTests(project.name, options.forwarded);
    if (tests !== null && tests.length === 0) {
      notes.push(`${project.name}: no test files`);
      continue;
    }
    if (project.needsBuild && options.build && !built) {
      if (!buildOnce()) {
        failed += 1;
        failures.push(`npm run build failed: the ${project.name} tests did not run`);
        notes.push(`${project.name}: not run (build failed)`);
        continue;
      }
      built = true;
    }
    console.log(`\n=== ${project.name} tests ===`);
    const args = [
      '--selectProjects',
      project.name,
      ...(options.ownWorkers ? [] : project.workers),
      '--passWithNoTests',
      ...(project.extra ?? []),
      '--json',
      `--outputFile=${file}`,
      ...options.forwarded,
    ];
    const result = runJest(args);
    const report = existsSync(file) ? readJson(file) : null;
    if (!report) {
      const how = result.signal ? `was killed (${result.signal})` : `exited with code ${result.status}`;
      failed += 1;
      failures.push(`jest (${project.name}) ${how} without writing its results`);
      notes.push(`${project.name}: jest crashed`);
      continue;
    }
    mergeInto(merged, project.name, report);
    const counted = countResults(report);
    if (result.status !== 0 && counted.failed === 0) {
      counted.failed = 1;
      counted.failures.push(`jest (${project.name}) exited with code ${result.status ?? result.signal}`);
    }
    passed += counted.passed;
    failed += counted.failed;
    failures.push(...counted.failures);
    notes.push(`${project.name}: ${counted.passed} passed / ${counted.failed} failed`);
  }

  console.log('\n=== summary ===');
  if (failures.length > 0) {
    console.log('Failures:');
    for (const failure of failures.slice(0, 100)) console.log(`  ✕ ${failure}`);
    if (failures.length > 100) console.log(`  … and ${failures.length - 100} more`);
  }
  if (passed === 0 && failed === 0) {
    notes.push('No test ran.');
    failed = 1;
  }
  merged.success = merged.success && failed === 0;
  merged.summary = { passed, failed, failures };
  writeFileSync(mergedFile, JSON.stringify(merged));
  finish(passed, failed, notes);
}

try {
  main();
} catch (error) {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
}
