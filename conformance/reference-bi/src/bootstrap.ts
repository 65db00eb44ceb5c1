/**
 * A configuration applied at start (npm start, tests): the feature switch, the DingTalk app, the
 * default login method, the event receiver's secrets and some users. Idempotent, and it never
 * overwrites what an admin saved: users are created when missing (a binding given here is applied
 * when it is free); settings are seeded only where none was saved — the credentials saved with 确定
 * always win.
 */
import type { Bootstrap } from './config.ts';
import type { Db } from './db/database.ts';
import { seedSetting } from './db/settings.ts';
import { createUser, findByDingtalkUserid, findByUsername, setDingtalkUserid } from './db/users.ts';
import { hashPassword } from './login/password.ts';

export async function applyBootstrap(db: Db, b: Bootstrap, now: number): Promise<void> {
  const hashes = new Map<string, string>();
  for (const u of b.users ?? []) {
    if (u.password && !findByUsername(db, u.username)) hashes.set(u.username, await hashPassword(u.password));
  }
  db.transaction(() => {
    if (b.dingtalkFeature !== undefined) seedSetting(db, 'feature.dingtalk', b.dingtalkFeature);
    if (b.dingtalk) {
      const { enabled, generation, ...app } = b.dingtalk;
      seedSetting(db, 'dingtalk.app', app);
      if (enabled !== undefined) seedSetting(db, 'dingtalk.enabled', enabled);
      if (generation) seedSetting(db, 'dingtalk.generation', generation);
    }
    if (b.defaultLoginMethod) seedSetting(db, 'login.defaultMethod', b.defaultLoginMethod);
    if (b.dingtalkEvents) seedSetting(db, 'dingtalk.events', b.dingtalkEvents);
    for (const u of b.users ?? []) {
      const existing = findByUsername(db, u.username);
      if (!existing) {
        const free = !u.dingtalkUserid || !findByDingtalkUserid(db, u.dingtalkUserid);
        createUser(
          db,
          {
            username: u.username,
            displayName: u.displayName,
            passwordHash: hashes.get(u.username) ?? u.passwordHash ?? null,
            role: u.role ?? 'user',
            dingtalkUserid: free ? (u.dingtalkUserid ?? null) : null,
          },
          now,
        );
      } else if (u.dingtalkUserid && existing.dingtalkUserid !== u.dingtalkUserid) {
        const holder = findByDingtalkUserid(db, u.dingtalkUserid);
        if (!holder) setDingtalkUserid(db, existing.id, u.dingtalkUserid, now);
      }
    }
  })();
}
