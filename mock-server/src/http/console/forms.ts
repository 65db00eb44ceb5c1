/** Form plumbing: flash messages kept server-side by id, and reading typed values from form fields. */
import { randomBytes } from 'node:crypto';
import type { Flash } from './shell.tsx';

/** Flash messages by id, bounded (oldest dropped) so memory stays flat. */
export class FlashStore {
  private readonly items = new Map<string, Flash>();
  constructor(private readonly max = 500) {}
  put(flash: Flash): string {
    const id = randomBytes(9).toString('base64url');
    this.items.set(id, flash);
    if (this.items.size > this.max) this.items.delete(this.items.keys().next().value!);
    return id;
  }
  take(id: string | undefined): Flash | undefined {
    if (!id) return undefined;
    const f = this.items.get(id);
    this.items.delete(id);
    return f;
  }
}

/** A comma / newline separated list (ASCII or full-width commas), trimmed, empties dropped. */
export function listField(v: string | undefined): string[] {
  return (v ?? '')
    .split(/[,，;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** An optional number field: undefined when empty; NaN stays NaN so validation names it. */
export function numberField(v: string | undefined): number | undefined {
  return v === undefined || v.trim() === '' ? undefined : Number(v);
}
