/**
 * The layering rules of eslint.config.js (docs/decisions/0018-layering-as-lint-rules.md): one planted
 * violation per rule fails with a message that names the rule, and the imports each layer is meant to
 * use still pass. The planted files exist only as text: type-aware parsing (which reads files from
 * disk) is switched off here, the layering rules come from eslint.config.js unchanged.
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
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});

/** The layering rule names in the messages of `code` linted as if it were `filePath`. */
async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map(
    (m) => `${m.ruleId}: ${/layering\/[a-z-]+/.exec(m.message)?.[0] ?? m.message}`,
  );
}

const DOMAIN = 'layering/domain-free-of-http';
const BI = 'layering/reference-bi-apart';
const CONFORMANCE = 'layering/conformance-public-names';
const HANDLERS = 'layering/handlers-free-of-koa';
const PIPELINE = 'layering/pipeline-before-koa';

describe('layering rules (eslint.config.js)', () => {
  it.each([
    ['koa', "import type { Context } from 'koa';\nexport type C = Context;\n"],
    ['@koa/router', "import Router from '@koa/router';\nexport const r = new Router();\n"],
    ['node:http', "import { STATUS_CODES } from 'node:http';\nexport const s = STATUS_CODES;\n"],
    ['http/**', "import type { Call } from '../../http/route.ts';\nexport type C = Call;\n"],
    ['errcodes.ts', "import { CATALOGUE } from '../../errcodes.ts';\nexport const c = CATALOGUE;\n"],
  ])(`the domain importing %s fails with ${DOMAIN}`, async (_what, code) => {
    expect(await layeringErrors('mock-server/src/domain/apps/planted.ts', code)).toEqual([
      `no-restricted-imports: ${DOMAIN}`,
    ]);
  });

  it.each([
    [
      'mock-server/src/http/oapi/planted.ts',
      "import type { Context } from 'koa';\nexport type C = Context;\n",
    ],
    [
      'mock-server/src/http/api/planted.ts',
      "import type { IncomingMessage } from 'node:http';\nexport type M = IncomingMessage;\n",
    ],
    [
      'mock-server/src/http/login/planted.ts',
      "import Router from '@koa/router';\nexport const r = new Router();\n",
    ],
  ])(`a DingTalk handler (%s) importing koa or node:http fails with ${HANDLERS}`, async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([`no-restricted-imports: ${HANDLERS}`]);
  });

  it('a DingTalk handler may import the route contract and the domain', async () => {
    const code =
      "import { openRoute } from '../route.ts';\nimport { because } from '../../domain/errors.ts';\n" +
      'export const x = [openRoute, because];\n';
    expect(await layeringErrors('mock-server/src/http/oapi/planted.ts', code)).toEqual([]);
  });

  it.each([
    ['koa', "import type { Context } from 'koa';\nexport type C = Context;\n"],
    ['@koa/bodyparser', "import { bodyParser } from '@koa/bodyparser';\nexport const b = bodyParser;\n"],
  ])(`the pipeline importing %s fails with ${PIPELINE}`, async (_what, code) => {
    expect(await layeringErrors('mock-server/src/http/pipeline/planted.ts', code)).toEqual([
      `no-restricted-imports: ${PIPELINE}`,
    ]);
  });

  it('the pipeline may use node:http and @koa/router’s path matcher', async () => {
    const code =
      "import type { ServerResponse } from 'node:http';\nimport Router from '@koa/router';\n" +
      'export type R = ServerResponse;\nexport const r = Router;\n';
    expect(await layeringErrors('mock-server/src/http/pipeline/planted.ts', code)).toEqual([]);
  });

  it('the domain may import the domain and the fault engine', async () => {
    const code =
      "import { newAppKey } from '../ids.ts';\nimport { FaultRules } from '../../faults/engine.ts';\n" +
      'export const x = [newAppKey, FaultRules];\n';
    expect(await layeringErrors('mock-server/src/domain/apps/planted.ts', code)).toEqual([]);
  });

  it.each([
    [
      'mock-server/',
      "import { Sandbox } from '../../../mock-server/src/domain/tenancy/sandbox.ts';\nexport const s = Sandbox;\n",
    ],
    ['dingtalk-sandbox', "import { Sandbox } from 'dingtalk-sandbox';\nexport const s = Sandbox;\n"],
  ])(`the reference BI importing %s fails with ${BI}`, async (_what, code) => {
    expect(await layeringErrors('conformance/reference-bi/src/planted.ts', code)).toEqual([
      `no-restricted-imports: ${BI}`,
    ]);
  });

  it.each([
    ['conformance/specs/web/planted.spec.ts', '../../../mock-server/src/admin-client.ts'],
    ['conformance/fixtures/planted.ts', '../../mock-server/src/playwright/fixtures.ts'],
    ['conformance/reporters/planted.ts', '../../mock-server/src/scenarios/catalogue.ts'],
    ['conformance/targets/planted.ts', '../../mock-server/src/index.ts'],
    ['conformance/planted.config.ts', '../mock-server/src/chromium.ts'],
    ['conformance/specs/web/planted.spec.ts', '../../../dist/index.js'],
  ])(`%s importing %s fails with ${CONFORMANCE}`, async (filePath, from) => {
    const code = `import * as m from '${from}';\nexport const x = m;\n`;
    expect(await layeringErrors(filePath, code)).toEqual([`no-restricted-imports: ${CONFORMANCE}`]);
  });

  it('the conformance suite may import the package by its public names', async () => {
    const code =
      "import { SCENARIOS } from 'dingtalk-sandbox';\nimport { test } from 'dingtalk-sandbox/playwright';\n" +
      'export const x = [SCENARIOS, test];\n';
    expect(await layeringErrors('conformance/specs/web/planted.spec.ts', code)).toEqual([]);
  });
});

describe('no function with more than four positional parameters (eslint.config.js max-params)', () => {
  /** The ids of the rules `code` breaks, linted as if it were `filePath`. */
  async function ruleIds(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
  }

  it.each([
    [
      'mock-server/src/domain/apps/planted.ts',
      'export function f(a: 1, b: 2, c: 3, d: 4, e: 5) {\n  return [a, b, c, d, e];\n}\n',
    ],
    [
      'mock-server/src/http/console/planted.ts',
      'export const f = (a: 1, b: 2, c: 3, d: 4, e: 5) => [a, b, c, d, e];\n',
    ],
    [
      'conformance/reference-bi/src/planted.ts',
      'export class K {\n  m(a: 1, b: 2, c: 3, d: 4, e: 5) {\n    return [a, b, c, d, e];\n  }\n}\n',
    ],
    [
      'test/unit/planted.test.ts',
      'export const f = function (a: 1, b: 2, c: 3, d: 4, e: 5) {\n  return [a, b, c, d, e];\n};\n',
    ],
  ])('%s: five parameters fail with max-params', async (filePath, code) => {
    expect(await ruleIds(filePath, code)).toEqual([
      expect.stringMatching(/^max-params: .*too many parameters \(5\)\. Maximum allowed is 4/),
    ]);
  });

  it('four parameters, or an options object, pass', async () => {
    const code =
      'export const f = (a: 1, b: 2, c: 3, d: 4) => [a, b, c, d];\n' +
      'export const g = (o: { a: 1; b: 2; c: 3; d: 4; e: 5 }) => o;\n';
    expect(await ruleIds('mock-server/src/domain/apps/planted.ts', code)).toEqual([]);
  });
});
