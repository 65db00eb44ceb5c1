/** Finding and loading the committed tenant snapshots shipped with the package. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TenantSnapshot } from './domain/tenancy/tenant.ts';

/** The package root (the folder holding package.json), from wherever this file was compiled to. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fixtures'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the dingtalk-sandbox package root');
}

export const DEFAULT_SNAPSHOT_PATH = (): string =>
  join(packageRoot(), 'fixtures', 'snapshots', 'default-tenant.json');

export function loadSnapshot(path: string): TenantSnapshot {
  return JSON.parse(readFileSync(path, 'utf8')) as TenantSnapshot;
}

let cachedDefault: string | null = null;

/** A fresh copy of the committed default tenant. */
export function defaultSnapshot(): TenantSnapshot {
  cachedDefault ??= readFileSync(DEFAULT_SNAPSHOT_PATH(), 'utf8');
  return JSON.parse(cachedDefault) as TenantSnapshot;
}
