/**
 * The suite can fail: build deliberately broken variants of the reference BI (conformance/mutants.ts)
 * inside this run, run the conformance tests against each, and check that the tests meant to catch
 * each variant fail while the controls pass. Exits non-zero when a variant survives or a control
 * breaks. The variants are deleted afterwards.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTRA_EDITS, MUTANTS } from '../conformance/mutants.ts';

const root = join(import.meta.dirname, '..');
const sources = {
  bi: join(root, 'conformance', 'reference-bi', 'src'),
  bot: join(root, 'conformance', 'reference-bot', 'src'),
};
const mutantsDir = join(root, 'conformance', '.mutants');
const resultsFile = join(root, 'test-results', 'mutation', 'results.json');

rmSync(mutantsDir, { recursive: true, force: true });
for (const m of MUTANTS) {
  const dir = join(mutantsDir, m.name, 'src');
  cpSync(sources[m.subject ?? 'bi'], dir, { recursive: true });
  for (const edit of [{ file: m.file, find: m.find, replace: m.replace }, ...(EXTRA_EDITS[m.name] ?? [])]) {
    const path = join(dir, edit.file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(edit.find))
      throw new Error(
        `mutant ${m.name}: "${edit.find}" is no longer in ${edit.file}; update conformance/mutants.ts`,
      );
    writeFileSync(path, text.replace(edit.find, edit.replace));
  }
}

mkdirSync(join(root, 'test-results', 'mutation'), { recursive: true });
try {
  execFileSync('npx', ['playwright', 'test', '-c', 'conformance/mutation.config.ts'], {
    cwd: root,
    stdio: 'inherit',
  });
} catch {
  // Failures are expected (that is the point); the results file is judged below.
}
if (!existsSync(resultsFile)) throw new Error('the mutation run wrote no results');

interface JsonSpec {
  title: string;
  tests: { projectName: string; results: { status: string }[] }[];
}
interface JsonSuite {
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}
const report = JSON.parse(readFileSync(resultsFile, 'utf8')) as { suites: JsonSuite[] };
const outcomes: { project: string; title: string; passed: boolean }[] = [];
const walk = (s: JsonSuite) => {
  for (const spec of s.specs ?? []) {
    for (const t of spec.tests)
      outcomes.push({
        project: t.projectName,
        title: spec.title,
        passed: t.results.at(-1)?.status === 'passed',
      });
  }
  for (const child of s.suites ?? []) walk(child);
};
report.suites.forEach(walk);

let ok = true;
const lines: string[] = [];
for (const m of MUTANTS) {
  const mine = outcomes.filter((o) => o.project === m.name);
  const caught = m.caughtBy.map((t) => mine.filter((o) => o.title.includes(t)));
  const controls = m.controls.map((t) => mine.filter((o) => o.title.includes(t)));
  const survived = caught.some((runs) => runs.length === 0 || runs.some((o) => o.passed));
  const brokenControl = controls.some((runs) => runs.length === 0 || runs.some((o) => !o.passed));
  if (survived || brokenControl) ok = false;
  lines.push(
    `${survived ? 'SURVIVED' : 'killed  '} ${m.name.padEnd(20)} ${m.what}` +
      `\n           caught by: ${m.caughtBy.join(' | ')} → ${
        caught
          .flat()
          .map((o) => (o.passed ? 'passed' : 'failed'))
          .join(', ') || 'no test ran'
      }` +
      `\n           controls:  ${
        controls
          .flat()
          .map((o) => (o.passed ? 'passed' : 'FAILED'))
          .join(', ') || 'no test ran'
      }`,
  );
}
rmSync(mutantsDir, { recursive: true, force: true });
process.stdout.write(`\nmutation check\n${lines.join('\n')}\n`);
const killed = MUTANTS.length - lines.filter((l) => l.startsWith('SURVIVED')).length;
process.stdout.write(`mutation: ${killed} passed, ${MUTANTS.length - killed} failed\n`);
if (!ok) process.exit(1);
