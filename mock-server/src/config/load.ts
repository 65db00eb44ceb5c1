/**
 * Finding and reading the config file: `--config FILE`, else DINGTALK_SANDBOX_CONFIG, else
 * `dingtalk-sandbox.config.json` / `.yaml` / `.yml` in the working directory (none: no config).
 * JSON or YAML (the `yaml` package); validated by schema.ts; every refusal names the file and the
 * path inside it, in one line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type * as YamlNs from 'yaml';
import { sandboxConfig, type SandboxConfig } from './schema.ts';
import { issuePath, StartupError } from './startup-error.ts';

type YamlModule = typeof YamlNs;

export const CONFIG_NAMES = [
  'dingtalk-sandbox.config.json',
  'dingtalk-sandbox.config.yaml',
  'dingtalk-sandbox.config.yml',
] as const;

const FIX = 'fix the file';

/** The config file to read, or null: the one given, or the one in `cwd` (two there is an error). */
export function findConfigFile(given: string | undefined, cwd = process.cwd()): string | null {
  if (given) return resolve(cwd, given);
  const found = CONFIG_NAMES.filter((n) => existsSync(resolve(cwd, n)));
  if (found.length > 1)
    throw new StartupError(
      `both ${found.join(' and ')} are in ${cwd}`,
      'keep one of them, or name one with --config',
    );
  return found[0] ? resolve(cwd, found[0]) : null;
}

export interface LoadedConfig {
  path: string;
  config: SandboxConfig;
}

/** Reads, parses and validates a config file. */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  const name = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code})`;
    throw new StartupError(`config file ${path} ${why}`, 'check --config / DINGTALK_SANDBOX_CONFIG', {
      cause: e,
    });
  }
  const raw = await parseText(name, text);
  const parsed = sandboxConfig.safeParse(raw);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const more = rest.length ? ` (and ${rest.length} more)` : '';
    throw new StartupError(`${name}: ${issuePath(first!.path)}: ${first!.message}${more}`, FIX);
  }
  return { path, config: parsed.data };
}

async function parseText(name: string, text: string): Promise<unknown> {
  const yaml = ['.yaml', '.yml'].includes(extname(name).toLowerCase());
  if (!text.trim()) throw new StartupError(`${name} is empty`, FIX);
  // The YAML parser (~160 KB of the bundle) is loaded for a YAML file only: a plain start stays short.
  const YAML = yaml ? yamlModule(await import('yaml')) : null;
  try {
    return YAML ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    const where =
      YAML && e instanceof YAML.YAMLParseError && e.linePos
        ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}: `
        : '';
    const message = (e as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new StartupError(`${name}: not valid ${yaml ? 'YAML' : 'JSON'}: ${where}${message}`, FIX, {
      cause: e,
    });
  }
}

/** yaml is CommonJS: Node gives its exports by name and as `default`, the bundle as `default` only. */
function yamlModule(mod: YamlModule): YamlModule {
  return (mod as unknown as { default?: YamlModule }).default ?? mod;
}
