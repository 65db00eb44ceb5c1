/**
 * `--state FILE`: every tenant kept across restarts. Writes are atomic — a temporary file in the same
 * folder, fsync'd, then renamed over the old one — so a kill at any moment leaves the previous or
 * the next state, never a torn file (a killed writer's temporary file is removed on the next start).
 * A state-changing admin or console call is written before it is answered (`flushNow`): what the
 * admin was told is saved is saved. DingTalk calls (tokens, codes) are written debounced, within
 * `debounceMs`, and everything is flushed on stop.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { Sandbox } from './domain/tenancy/sandbox.ts';
import type { TenantSnapshot } from './domain/tenancy/tenant.ts';

export const STATE_VERSION = 1;

export interface SandboxState {
  version: number;
  savedAt: string;
  defaultCorpId: string | null;
  tenants: TenantSnapshot[];
}

export function sandboxState(sandbox: Sandbox): SandboxState {
  return {
    version: STATE_VERSION,
    savedAt: new Date().toISOString(),
    defaultCorpId: sandbox.defaultCorpId,
    tenants: sandbox.listTenants().map((t) => t.toSnapshot()),
  };
}

/** A state file that cannot be used: said in one line, with its path (the CLI prints no stack). */
export class StateFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StateFileError';
  }
}

/** Reads a state file; null when it does not exist. Throws with the file name when it is unreadable. */
export function readState(path: string): SandboxState | null {
  if (!existsSync(path)) return null;
  let state: SandboxState;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as SandboxState;
  } catch (e) {
    throw new StateFileError(`state file ${path} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (state?.version !== STATE_VERSION || !Array.isArray(state.tenants)) {
    throw new StateFileError(
      `state file ${path} has an unsupported format (version ${String(state?.version)})`,
    );
  }
  return state;
}

const tmpName = (path: string, pid: number) => `.${basename(path)}.${pid}.tmp`;

/** Write `content` to `path` atomically (tmp + fsync + rename). */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = join(dirname(path), tmpName(path, process.pid));
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
  // Make the rename itself durable.
  try {
    const dfd = openSync(dirname(path), 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    /* not supported on every platform */
  }
}

/**
 * Remove the temporary files `writeFileAtomic` left for `path` when its writer was killed mid-write
 * (`.<name>.<pid>.tmp` of a process that is gone). Returns the names removed.
 */
export function removeStaleTemps(path: string): string[] {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!Number.isInteger(pid) || pid <= 0 || name !== tmpName(path, pid) || isAlive(pid)) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      /* gone already, or not ours to remove */
    }
  }
  return removed;
}

/** Whether a process with this id runs (our own counts: its write may be in progress). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class StateStore {
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;

  constructor(
    readonly path: string,
    private readonly sandbox: Sandbox,
    private readonly logger: Logger,
    private readonly debounceMs = 250,
  ) {
    // `--state new-folder/state.json` (or .state/ on a fresh clone): the folder is made once, here.
    mkdirSync(dirname(path), { recursive: true });
  }

  /** Something changed: save soon. */
  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }

  /** An acknowledged configuration change: write it now, before the answer goes out. */
  flushNow(): void {
    this.dirty = true;
    this.flush();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.dirty) return;
    this.dirty = false;
    try {
      writeFileAtomic(this.path, JSON.stringify(sandboxState(this.sandbox)));
    } catch (e) {
      this.dirty = true;
      this.logger.error({ err: e, path: this.path }, 'could not save the state file');
    }
  }
}
