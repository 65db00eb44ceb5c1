/**
 * A start-up failure a person fixes: said in one line, `<what>; <what to do>`, and the CLI exits 1
 * without a stack. Every check of the command line, the config file and the files it names throws one.
 */
export class StartupError extends Error {
  constructor(
    readonly what: string,
    readonly todo: string,
    options?: ErrorOptions,
  ) {
    super(`${what}; ${todo}`, options);
    this.name = 'StartupError';
  }
}

/** A zod issue path as it reads in a file: tenants[0].apps[1].redirectUrls[0]. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}
