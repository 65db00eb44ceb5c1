/**
 * `serve`'s options from three places, in this order of precedence: a flag, then its environment
 * variable (commander's Option.env), then the config file's `serve` section, then the default.
 */
import { dirname, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { LogLevel, ServeConfig } from './schema.ts';
import { StartupError } from './startup-error.ts';

/** A whole number in [min, max]; an empty or partly numeric value is refused. */
export const wholeNumber =
  (name: string, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  (v: string): number => {
    const n = /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return n;
  };

/** --public-host, repeatable; each value (and the environment variable) may list names with commas. */
export const hostList = (v: string, all: string[]): string[] => [
  ...all,
  ...v
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean),
];

/** What `serve` runs with, after precedence. */
export interface ServeOptions {
  config?: string;
  port: number;
  host: string;
  tenant?: string;
  users?: number;
  seed?: number;
  journalSize: number;
  state?: string;
  adminToken?: string;
  publicHost: string[];
  logLevel: LogLevel;
  verbose?: boolean;
  readyJson?: boolean;
  /** --tls: also listen with HTTPS for DingTalk's host names, on `tlsPort`, with the CA in `caDir`. */
  tls?: boolean;
  tlsPort: number;
  caDir?: string;
  /** --proxy: also serve the HTTP proxy for DingTalk's hosts, on `proxyPort`. */
  proxy?: boolean;
  proxyPort: number;
}

/** The config file's key for each option that may come from it. */
const FROM_FILE = {
  port: 'port',
  host: 'host',
  state: 'state',
  journalSize: 'journalSize',
  adminToken: 'adminToken',
  publicHost: 'publicHosts',
  logLevel: 'logLevel',
} as const satisfies Partial<Record<keyof ServeOptions, keyof ServeConfig>>;

/**
 * The options with the config file's values filled in where neither a flag nor an environment
 * variable gave one. A `state` path in the file is relative to the file's folder.
 */
export function withFileValues(
  cmd: Command,
  opts: ServeOptions,
  file: { path: string; serve: ServeConfig } | null,
): ServeOptions {
  const out: ServeOptions = { ...opts };
  if (!file) return out;
  for (const [key, fileKey] of Object.entries(FROM_FILE) as [keyof typeof FROM_FILE, keyof ServeConfig][]) {
    const value = file.serve[fileKey];
    const source = cmd.getOptionValueSource(key);
    if (value === undefined || (source !== undefined && source !== 'default')) continue;
    (out as unknown as Record<string, unknown>)[key] =
      key === 'state' ? resolve(dirname(file.path), value as string) : value;
  }
  return out;
}

/** The environment variables of `serve`'s on/off switches. */
export const SWITCH_ENV = [
  'DINGTALK_SANDBOX_VERBOSE',
  'DINGTALK_SANDBOX_READY_JSON',
  'DINGTALK_SANDBOX_TLS',
  'DINGTALK_SANDBOX_PROXY',
] as const;

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['', '0', 'false', 'no', 'off']);

/**
 * The switches' variables read as a person means them. Commander counts a boolean option's variable
 * as on whatever its value (`DINGTALK_SANDBOX_VERBOSE=0` turned verbose on), so an off value is
 * removed from `env` before commander reads it, and a value that is neither is refused.
 */
export function readSwitchEnv(env: NodeJS.ProcessEnv): void {
  for (const name of SWITCH_ENV) {
    const raw = env[name];
    if (raw === undefined) continue;
    const value = raw.trim().toLowerCase();
    if (OFF.has(value)) delete env[name];
    else if (!ON.has(value))
      throw new StartupError(
        `${name}=${raw} is neither on nor off`,
        'set it to 1, true, yes or on — or to 0, false, no, off or nothing',
      );
  }
}

export const ENV_HELP = `
Every option also reads an environment variable (a flag wins over it, it wins over the config
file's "serve" section, which wins over the default):
  DINGTALK_SANDBOX_CONFIG, DINGTALK_SANDBOX_PORT, DINGTALK_SANDBOX_HOST, DINGTALK_SANDBOX_TENANT,
  DINGTALK_SANDBOX_USERS, DINGTALK_SANDBOX_SEED, DINGTALK_SANDBOX_JOURNAL_SIZE, DINGTALK_SANDBOX_STATE,
  DINGTALK_SANDBOX_ADMIN_TOKEN, DINGTALK_SANDBOX_PUBLIC_HOSTS (comma-separated),
  DINGTALK_SANDBOX_LOG_LEVEL, DINGTALK_SANDBOX_VERBOSE and DINGTALK_SANDBOX_READY_JSON (switches),
  DINGTALK_SANDBOX_PROXY (a switch) and DINGTALK_SANDBOX_PROXY_PORT,
  DINGTALK_SANDBOX_TLS (a switch), DINGTALK_SANDBOX_TLS_PORT and DINGTALK_SANDBOX_CA_DIR.
A switch is on with 1, true, yes or on, and off with 0, false, no, off or nothing.
Without --config, dingtalk-sandbox.config.json (or .yaml / .yml) in the working directory is read
when it exists; its "tenants" replace the committed default tenant (docs/config.md).
`;
