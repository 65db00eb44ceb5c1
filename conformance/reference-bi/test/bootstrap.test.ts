/**
 * The bootstrap `npm start` applies on every start seeds a fresh database and never overwrites what
 * an admin saved (S2: the credentials saved with 确定, 开启钉钉, the QR-login generation).
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBi } from '../src/app.ts';
import { applyBootstrap } from '../src/bootstrap.ts';
import { dingTalkHosts, type Bootstrap } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { findByUsername } from '../src/db/users.ts';
import { hashPassword, verifyPassword } from '../src/login/password.ts';
import { Agent, textOf } from './helpers/agent.ts';
import { ADMIN, startStack, type Stack } from './helpers/stack.ts';

describe('bootstrap on restart', () => {
  let stack: Stack;
  let bootstrap: Bootstrap;
  const PAGE = '/admin/integrations/dingtalk';

  beforeAll(async () => {
    stack = await startStack();
    bootstrap = {
      dingtalkFeature: true,
      dingtalk: {
        appKey: stack.app.appKey,
        appSecret: stack.app.appSecret,
        agentId: stack.app.agentId,
        corpId: stack.corpId,
        enabled: true,
        generation: 'new',
      },
      users: [{ ...ADMIN, displayName: '系统管理员', role: 'admin', dingtalkUserid: ADMIN.userid }],
    };
  });
  afterAll(() => stack?.stop());

  const settings = () => {
    const db = new Database(stack.dbPath, { readonly: true });
    try {
      const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
      return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    } finally {
      db.close();
    }
  };

  it('S2 the credentials saved with 确定 (and 开启钉钉, the generation) survive a restart with the bootstrap', async () => {
    const other = stack.apps.find((a) => a.name === '缺少成员权限的应用')!;
    const form = {
      appKey: other.appKey,
      appSecret: other.appSecret,
      agentId: String(other.agentId),
      corpId: stack.corpId,
    };
    expect((await stack.admin.post(`${PAGE}/save`, form)).status).toBe(302);
    await stack.admin.post(`${PAGE}/enable`, { generation: 'legacy' });
    await stack.bi.stop();

    const again = await startBi({
      port: 0,
      dbPath: stack.dbPath,
      dingtalk: dingTalkHosts(stack.sb.url),
      logLevel: 'silent',
      bootstrap,
    });
    try {
      const saved = settings();
      expect(saved['dingtalk.app']).toEqual({
        appKey: other.appKey,
        appSecret: other.appSecret,
        agentId: other.agentId,
        corpId: stack.corpId,
      });
      expect([saved['dingtalk.enabled'], saved['dingtalk.generation']]).toEqual([false, 'legacy']);
      const admin = new Agent(again.url);
      await admin.login(ADMIN.username, ADMIN.password);
      expect(textOf((await admin.get(PAGE)).text, 'saved-appkey')).toBe(other.appKey);
    } finally {
      await again.stop();
    }
  });
});

describe('bootstrap users', () => {
  it('a user given a passwordHash (hashPassword’s) instead of a password signs in with that password', async () => {
    const db = openDatabase(':memory:');
    try {
      const passwordHash = await hashPassword('运维-s3cret');
      await applyBootstrap(
        db,
        { users: [{ username: 'ops', displayName: '运维', passwordHash }] },
        Date.now(),
      );
      const stored = findByUsername(db, 'ops')?.passwordHash ?? null;
      expect(stored).toBe(passwordHash);
      expect(await verifyPassword('运维-s3cret', stored)).toBe(true);
      expect(await verifyPassword('wrong', stored)).toBe(false);
    } finally {
      db.close();
    }
  });
});
