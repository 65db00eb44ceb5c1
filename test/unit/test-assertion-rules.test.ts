/**
 * The test-code rules of eslint.config.js (issue 15, "tests that can only pass for the right reason"):
 * a planted `expect(xs.some(…)).toBe(true)` or `.catch((e) => e)` in a test file fails with a message
 * naming the rule, and the forms the rules point to pass. As in layering.test.ts, the planted files
 * exist only as text (type-aware parsing off); the rules come from eslint.config.js unchanged.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: null } },
    // The planted snippets declare more than each one uses.
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-unused-vars': 'off' },
  },
});

/** Every message of `code` linted as if it were `filePath`, as `ruleId: tests/<name>` for this rule's. */
async function testRuleErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map(
    (m) => `${m.ruleId}: ${/tests\/[a-z-]+/.exec(m.message)?.[0] ?? m.message}`,
  );
}

const MISSING = 'no-restricted-syntax: tests/show-what-was-missing';
const REJECTS = 'no-restricted-syntax: tests/rejects-not-catch';
const FILES = [
  'test/contract/planted.test.ts',
  'conformance/specs/web/planted.spec.ts',
  'conformance/reference-bi/test/planted.test.ts',
];
const DECLS =
  'declare const xs: { code: string }[];\ndeclare const s: string;\ndeclare const p: Promise<unknown>;\n';

describe('test-code rules (eslint.config.js)', () => {
  it.each([
    ["expect(xs.some((x) => x.code === '60020')).toBe(true);"],
    ["expect(xs.every((x) => x.code !== '')).toBe(false);"],
    ["expect(s.includes('离职')).toBe(true);"],
    ["expect(new Set(['a']).has(s)).toEqual(true);"],
    ["expect(s.startsWith('http://')).toBeTruthy();"],
    ['expect(/redirect/.test(s)).toBe(true);'],
    ["expect((await Promise.resolve(xs)).some((x) => x.code === '1')).toBe(true);"],
  ])(`%s in a test file fails with tests/show-what-was-missing`, async (line) => {
    for (const file of FILES) {
      expect(await testRuleErrors(file, `${DECLS}export async function t() {\n  ${line}\n}\n`)).toEqual([
        MISSING,
      ]);
    }
  });

  it.each([
    ['const err = await p.catch((e: unknown) => e);\n  expect(err).toMatchObject({ status: 403 });'],
    ['const err = await p.catch((err) => err);\n  expect(err).toBeDefined();'],
  ])(`%s in a test file fails with tests/rejects-not-catch`, async (lines) => {
    for (const file of FILES) {
      expect(await testRuleErrors(file, `${DECLS}export async function t() {\n  ${lines}\n}\n`)).toEqual([
        REJECTS,
      ]);
    }
  });

  it('the forms the messages point to pass', async () => {
    const code =
      `${DECLS}export async function t() {\n` +
      "  expect(xs).toContainEqual(expect.objectContaining({ code: '60020' }));\n" +
      '  expect(xs.map((x) => x.code)).toContain(s);\n' +
      "  expect(xs.filter((x) => x.code === '')).toEqual([]);\n" +
      '  expect(s).toMatch(/^http:\\/\\//);\n' +
      '  await expect(p).rejects.toMatchObject({ status: 403 });\n' +
      "  await expect(p).rejects.toThrow('不合法');\n" +
      '  await p.catch(() => undefined);\n' +
      '  await p.catch((e: unknown) => undefined);\n' +
      '  expect(xs.length > 0).toBe(true);\n' +
      '}\n';
    for (const file of FILES) expect(await testRuleErrors(file, code)).toEqual([]);
  });

  it('leaves source files alone (the rules are for tests)', async () => {
    const code = `${DECLS}export const ok = xs.some((x) => x.code === '1');\nexport const q = p.catch((e) => e);\n`;
    expect(await testRuleErrors('conformance/reference-bi/src/planted.ts', code)).toEqual([]);
  });
});
