// Flat config: type-aware rules catch forgotten awaits (no-floating-promises); prettier owns formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** HTTP frameworks and Node's HTTP modules: what neither the domain nor a DingTalk handler imports. */
const HTTP_MODULES = ['koa', 'koa-*', '@koa/*', 'node:http', 'http', 'node:http2', 'http2'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'playwright-report/**', 'test-results/**'] },
  js.configs.recommended,
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { ...globals.node } } },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      // One program from tsconfig.json (which includes every linted .ts file): ~15 % less CPU than
      // projectService. A .ts file outside tsconfig.json's include is an error, as it should be.
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // More than four positional parameters: pass one options object, or split the function (issue 15).
      'max-params': ['error', 4],
    },
  },
  // The layering (docs/decisions/0018-layering-as-lint-rules.md). Each rule's message starts with its name.
  {
    // The domain stays pure: DingTalk's rules and state, no HTTP and no wire codes (mock-server/src/domain/README.md).
    files: ['mock-server/src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...HTTP_MODULES, '**/http/**', '**/errcodes*'],
              message:
                'layering/domain-free-of-http: the domain imports no koa, node:http, http/** or errcodes.ts; throw a DingTalkError and let the HTTP layer answer.',
            },
          ],
        },
      ],
    },
  },
  {
    // DingTalk's handlers take plain request data and return values (http/route.ts Call): the one
    // pipeline (http/pipeline/) is the only code on DingTalk's hosts that touches node:http.
    files: ['mock-server/src/http/oapi/**', 'mock-server/src/http/api/**', 'mock-server/src/http/login/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...HTTP_MODULES, '**/middleware/request-context*'],
              message:
                'layering/handlers-free-of-koa: a DingTalk handler reads call.params and call.request (plain data) and returns a value or throws; only http/pipeline/ touches the request.',
            },
          ],
        },
      ],
    },
  },
  {
    // The pipeline runs in front of koa, on Node's request and response (docs/decisions/0019): koa
    // serves the sandbox's own pages only. @koa/router's path matcher is a library it may use.
    files: ['mock-server/src/http/pipeline/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['koa', 'koa-*', '@koa/bodyparser'],
              message:
                "layering/pipeline-before-koa: the DingTalk pipeline reads Node's request and answers on its response (exchange.ts); koa serves /__sandbox/* only.",
            },
          ],
        },
      ],
    },
  },
  {
    // The reference BI is what a BI team copies: it reaches DingTalk only through its own client and
    // base URLs, never through the sandbox's code. (Its tests may import the sandbox.) The reference
    // bot likewise: DingTalk's real hosts only, pointed at a sandbox from outside (the register hook).
    files: ['conformance/reference-bi/src/**', 'conformance/reference-bot/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/mock-server/**', 'dingtalk-sandbox', 'dingtalk-sandbox/*'],
              message:
                'layering/reference-bi-apart: the reference BI and the reference bot import nothing of mock-server/ or dingtalk-sandbox; they talk to DingTalk over HTTP.',
            },
          ],
        },
      ],
    },
  },
  {
    // The conformance suite uses the sandbox as any integration team would: by the package's public
    // names (package.json "exports"), so what it needs is public and it could run outside this repository.
    files: [
      'conformance/specs/**',
      'conformance/fixtures/**',
      'conformance/reporters/**',
      'conformance/targets/**',
      'conformance/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/mock-server/**', '**/dist/**', 'dingtalk-sandbox/dist/**'],
              message:
                'layering/conformance-public-names: the conformance suite imports the sandbox only by its public names (dingtalk-sandbox, dingtalk-sandbox/playwright, dingtalk-sandbox/intercept).',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests that can only pass for the right reason (issue 15): an assertion whose failure says what
    // was missing, and a rejection asserted as one. Each message starts with the rule's name.
    files: ['test/**/*.ts', 'test/**/*.tsx', 'conformance/specs/**', 'conformance/reference-bi/test/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name=/^(toBe|toEqual|toStrictEqual)$/][arguments.0.raw=/^(true|false)$/][callee.object.callee.name='expect'][callee.object.arguments.0.callee.property.name=/^(some|every|includes|has|startsWith|endsWith|test)$/]",
          message:
            'tests/show-what-was-missing: expect(xs.some(…)).toBe(true) only says "expected false to be true"; use expect(xs).toContainEqual(expect.objectContaining({…})), expect(xs.map(f)).toContain(v), expect(xs.filter(bad)).toEqual([]) or toMatch.',
        },
        {
          selector:
            "CallExpression[callee.property.name=/^(toBeTruthy|toBeFalsy)$/][callee.object.callee.name='expect'][callee.object.arguments.0.callee.property.name=/^(some|every|includes|has|startsWith|endsWith|test)$/]",
          message:
            'tests/show-what-was-missing: expect(xs.some(…)).toBeTruthy() only says "expected false to be truthy"; use expect(xs).toContainEqual(expect.objectContaining({…})), expect(xs.map(f)).toContain(v), expect(xs.filter(bad)).toEqual([]) or toMatch.',
        },
        {
          selector:
            "CallExpression[callee.property.name='catch'][arguments.0.type='ArrowFunctionExpression'][arguments.0.params.length=1][arguments.0.body.type='Identifier'][arguments.0.body.name!='undefined']",
          message:
            'tests/rejects-not-catch: .catch((e) => e) hands a resolved value to the checks that follow; use await expect(p).rejects.toThrow(…) / .toMatchObject({…}).',
        },
      ],
    },
  },
  prettier,
);
