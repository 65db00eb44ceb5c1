/**
 * The config file (docs/config.md): tenants, apps, users, departments, robots and fault rules,
 * validated by the admin API's schemas, built with its operations, and served as DingTalk would
 * serve a corp configured that way; every refusal names the place in the file, in one line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'light-my-request';
import { describe, expect, it } from 'vitest';
import { findConfigFile, loadConfig } from '../../mock-server/src/config/load.ts';
import { configJsonSchema } from '../../mock-server/src/config/schema.ts';
import { tenantsFromConfig } from '../../mock-server/src/config/tenants.ts';
import { ALL_ROUTES } from '../../mock-server/src/http/app.ts';
import { createSandbox } from '../../mock-server/src/start.ts';

const EXAMPLE_JSON = 'docs/config/dingtalk-sandbox.config.json';
const EXAMPLE_YAML = 'docs/config/dingtalk-sandbox.config.yaml';
const knownRoutes = () => ALL_ROUTES.map((r) => r.id);

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'sandbox-config-'));
}

/** Writes a config file and returns what loading and building it throws (its one-line message). */
async function refusal(name: string, content: unknown): Promise<string> {
  const path = join(folder(), name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  try {
    const { config } = await loadConfig(path);
    tenantsFromConfig(config.tenants ?? [], { file: name, knownRoutes });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${name} was accepted`);
}

const app = (extra: Record<string, unknown> = {}) => ({ name: 'BI', appKey: 'dingcfgkey01', ...extra });

describe('the config file', () => {
  it('S1: the example declares tenants whose apps answer with the file’s credentials, scopes, redirect URLs and IP list', async () => {
    const { config } = await loadConfig(EXAMPLE_JSON);
    const tenants = tenantsFromConfig(config.tenants!, { file: 'example', knownRoutes });
    const { handler, sandbox, defaultTenant } = createSandbox({ tenants });
    expect(sandbox.listTenants().map((t) => t.name)).toEqual(['示例科技有限公司', '空白企业']);
    expect(defaultTenant.corpId).toBe('dingexamplecorp0001');
    const bi = defaultTenant.getApp('dingexampleappkey01')!;
    expect(bi).toMatchObject({
      agentId: 3000000001,
      redirectUrls: ['http://127.0.0.1:8080/auth/dingtalk/callback'],
      webApp: {
        enabled: true,
        pcHomeUrl: 'http://127.0.0.1:8080/',
        mobileHomeUrl: 'http://127.0.0.1:8080/m/',
      },
      visibleRange: { deptIds: [900], userids: ['manager1471'] },
    });
    expect([...bi.scopes].sort()).toEqual(
      ['Contact.User.Read', 'qyapi_base', 'qyapi_get_department_list', 'qyapi_get_member'].sort(),
    );
    // The default directory plus the file's department and user.
    expect(defaultTenant.directory.getUser('manager1471')?.name).toBeTruthy();
    expect(defaultTenant.directory.getUser('analyst01')).toMatchObject({ name: '王分析', deptIds: [900] });
    const robot = defaultTenant.messaging.robots.findByToken('exampleRobotAccessToken0001');
    expect(robot).toMatchObject({ name: 'BI预警机器人', secret: expect.stringMatching(/^SECexample/) });
    expect(defaultTenant.faults.list()).toEqual([
      expect.objectContaining({ id: 'slow-user-get', action: { type: 'delay', ms: 300 }, times: 'always' }),
    ]);
    // The second tenant: a generated directory of 200, one new app with only qyapi_base.
    const blank = sandbox.listTenants()[1]!;
    expect(blank.directory.userCount).toBe(200);
    expect(blank.listApps().map((a) => [a.name, a.scopes])).toEqual([['新建应用', ['qyapi_base']]]);

    const res = await inject(handler, {
      method: 'GET',
      url: `/gettoken?appkey=dingexampleappkey01&appsecret=${bi.appSecret}`,
    });
    expect(res.json()).toMatchObject({ errcode: 0, errmsg: 'ok' });
  });

  it('the YAML example says exactly what the JSON example says', async () => {
    const { $schema: _json, ...json } = (await loadConfig(EXAMPLE_JSON)).config;
    const { $schema: _yaml, ...yaml } = (await loadConfig(EXAMPLE_YAML)).config;
    expect(yaml).toEqual(json);
  });

  it('an IP list in the file is enforced: a call from another address gets 60020 (A5)', async () => {
    const { config } = await loadConfig(EXAMPLE_JSON);
    config.tenants![0]!.apps[0]!.ipAllowList = ['10.9.8.7'];
    const tenants = tenantsFromConfig(config.tenants!, { file: 'x', knownRoutes });
    const { handler, defaultTenant } = createSandbox({ tenants });
    const secret = defaultTenant.getApp('dingexampleappkey01')!.appSecret;
    const res = await inject(handler, {
      method: 'GET',
      url: `/gettoken?appkey=dingexampleappkey01&appsecret=${secret}`,
    });
    expect(res.json()).toMatchObject({ errcode: 60020 });
  });

  it('the committed JSON Schema is the one the zod schema gives (dingtalk-sandbox config-schema)', () => {
    const committed = JSON.parse(
      readFileSync('docs/config/dingtalk-sandbox.config.schema.json', 'utf8'),
    ) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });

  it('with --state, a state file holding tenants wins over the file’s tenants; an absent one is seeded by them', async () => {
    const { config } = await loadConfig(EXAMPLE_JSON);
    const tenants = tenantsFromConfig(config.tenants!, { file: 'example', knownRoutes });
    const statePath = join(folder(), 'state.json');
    const seeded = createSandbox({ tenants, statePath });
    seeded.store!.flush();
    expect(seeded.defaultTenant.corpId).toBe('dingexamplecorp0001');
    const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { tenants: { corpId: string }[] };
    expect(saved.tenants.map((t) => t.corpId)).toEqual(['dingexamplecorp0001', tenants[1]!.corpId]);
    // The file now names another corp: the state file's tenants are served, not the file's.
    const changed = tenantsFromConfig([{ ...config.tenants![0]!, corpId: 'dingchangedcorp', apps: [] }], {
      file: 'example',
      knownRoutes,
    });
    const restarted = createSandbox({ tenants: changed, statePath });
    expect(restarted.sandbox.listTenants().map((t) => t.corpId)).toEqual(saved.tenants.map((t) => t.corpId));
  });

  it('is found in the working directory; two candidates there are an error', () => {
    const dir = folder();
    expect(findConfigFile(undefined, dir)).toBeNull();
    writeFileSync(join(dir, 'dingtalk-sandbox.config.yaml'), 'tenants: []\n');
    expect(findConfigFile(undefined, dir)).toBe(join(dir, 'dingtalk-sandbox.config.yaml'));
    writeFileSync(join(dir, 'dingtalk-sandbox.config.json'), '{}');
    expect(() => findConfigFile(undefined, dir)).toThrow(
      `both dingtalk-sandbox.config.json and dingtalk-sandbox.config.yaml are in ${dir}; keep one of them, or name one with --config`,
    );
  });
});

describe('config file refusals name the place in the file, in one line', () => {
  it('an invalid URL: tenants[0].apps[1].redirectUrls[0]', async () => {
    const msg = await refusal('dingtalk-sandbox.config.json', {
      tenants: [{ apps: [app(), app({ appKey: 'dingcfgkey02', redirectUrls: ['not a url'] })] }],
    });
    expect(msg).toBe(
      'dingtalk-sandbox.config.json: tenants[0].apps[1].redirectUrls[0]: must be an http(s) URL; fix the file',
    );
  });

  it('an unknown key, a wrong type, and how many more problems there are', async () => {
    expect(await refusal('c.json', { tenants: [{ aps: [] }] })).toBe(
      'c.json: tenants[0]: Unrecognized key: "aps"; fix the file',
    );
    expect(await refusal('c.json', { serve: { port: '3700', logLevel: 'loud' } })).toBe(
      'c.json: serve.port: Invalid input: expected number, received string (and 1 more); fix the file',
    );
  });

  it('a fault rule naming an unknown route or action (validated as POST …/faults is)', async () => {
    expect(
      await refusal('c.json', {
        tenants: [{ faults: [{ match: { route: 'oapi.nope' }, action: { type: 'reset' } }] }],
      }),
    ).toMatch(
      /^c\.json: tenants\[0\]\.faults\[0\]: unknown route "oapi\.nope"; valid routes: oapi\.gettoken, .*; fix the file$/,
    );
    expect(await refusal('c.json', { tenants: [{ faults: [{ action: { type: 'explode' } }] }] })).toMatch(
      /^c\.json: tenants\[0\]\.faults\[0\]\.action\.type: Invalid discriminator value\. Expected 'error' \| 'missingScope' .*; fix the file$/,
    );
  });

  it('what the admin API would refuse: a user in no such department, a duplicate AppKey, a robot without security', async () => {
    expect(
      await refusal('c.json', { tenants: [{ users: [{ userid: 'u1', name: '甲', deptIds: [4242] }] }] }),
    ).toMatch(/^c\.json: tenants\[0\]\.users\[0\]: .*4242.*; fix the file$/);
    expect(
      await refusal('c.json', { tenants: [{ apps: [app()] }, { corpId: 'dingsecond', apps: [app()] }] }),
    ).toBe('c.json: tenants[1].apps[0]: AppKey dingcfgkey01 is used by another tenant; fix the file');
    expect(await refusal('c.json', { tenants: [{ robots: [{ name: '机器人' }] }] })).toBe(
      'c.json: tenants[0].robots[0]: a robot needs a secret, keywords or an IP list; fix the file',
    );
    expect(
      await refusal('c.json', {
        tenants: [{ apps: [app({ visibleRange: { deptIds: [777], userids: [] } })] }],
      }),
    ).toBe('c.json: tenants[0].apps[0]: visibleRange: no department 777; fix the file');
  });

  it('JSON and YAML syntax errors (YAML with line and column), an empty file, a missing file', async () => {
    expect(await refusal('c.json', '{"tenants": [}')).toMatch(/^c\.json: not valid JSON: .+; fix the file$/);
    expect(await refusal('c.yaml', 'tenants:\n  - name: a\n   corpId: [x\n')).toMatch(
      /^c\.yaml: not valid YAML: line \d+, column \d+: .+; fix the file$/,
    );
    expect(await refusal('c.yml', '  \n')).toBe('c.yml is empty; fix the file');
    const missing = join(folder(), 'none.json');
    await expect(loadConfig(missing)).rejects.toThrow(
      `config file ${missing} does not exist; check --config / DINGTALK_SANDBOX_CONFIG`,
    );
  });

  it('every refusal is one line', async () => {
    const msg = await refusal('c.json', { tenants: [{ apps: [{ name: '' }], users: 3 }] });
    expect(msg.split('\n')).toHaveLength(1);
  });
});
