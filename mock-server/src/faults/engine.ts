/**
 * A tenant's fault rules: added (validated), matched against calls in the order they were added,
 * counted, cleared. Pure: the pipeline's gate (http/pipeline/faults.ts) applies the chosen action.
 */
import type * as z from 'zod';
import { FAULT_ACTIONS, faultRuleInput, type FaultRule, type FaultRuleInput } from './rule.ts';
import { explainRule, explainRuleZh } from './explain.ts';

export class FaultRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultRuleError';
  }
}

/** What a call looks like to the rules. */
export interface CallFacts {
  host: string;
  route: string;
  appKey?: string;
  userid?: string;
  fields: Record<string, unknown>;
}

export class FaultRules {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private readonly rngs = new Map<string, () => number>();

  /** @param knownRoutes route ids a rule may name; refused otherwise, with the list. */
  constructor(private readonly knownRoutes: () => readonly string[] = () => []) {}

  add(input: FaultRuleInput | unknown): FaultRule {
    const parsed = faultRuleInput.safeParse(input);
    if (!parsed.success) throw new FaultRuleError(describeIssues(parsed.error, input));
    const data = parsed.data;
    const routes = this.knownRoutes();
    // A stub's route id (stub:<id>) may be named before or after the stub is added (decision 0026).
    const route = data.match.route;
    if (route && !route.startsWith('stub:') && routes.length > 0 && !routes.includes(route)) {
      throw new FaultRuleError(`unknown route "${data.match.route}"; valid routes: ${routes.join(', ')}`);
    }
    const id = data.id ?? `f${this.nextId++}`;
    if (this.rules.some((r) => r.id === id)) throw new FaultRuleError(`a rule with id "${id}" exists`);
    const rule: FaultRule = { ...data, id, hits: 0, seen: 0 };
    this.rules.push(rule);
    return rule;
  }

  /** How many rules there are, live or spent. */
  get size(): number {
    return this.rules.length;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  explain(): { id: string; explanation: string; explanationZh: string; rule: FaultRule }[] {
    return this.rules.map((r) => ({
      id: r.id,
      explanation: explainRule(r),
      explanationZh: explainRuleZh(r),
      rule: { ...r },
    }));
  }

  remove(id: string): void {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    if (this.rules.length === before) throw new FaultRuleError(`no rule with id "${id}"`);
    this.rngs.delete(id);
  }

  clear(): void {
    this.rules = [];
    this.rngs.clear();
  }

  /** The first live rule that matches the call and decides to fire; its counters are updated. */
  fire(call: CallFacts): FaultRule | undefined {
    for (const rule of this.rules) {
      if (!isLive(rule) || !matches(rule, call)) continue;
      // A disconnect acts on Stream pushes only, and nothing else does; likewise the event-push actions.
      if ((rule.action.type === 'disconnect') !== (call.host === 'stream')) continue;
      const eventOnly = rule.action.type === 'wrongSignature' || rule.action.type === 'wrongKey';
      if (eventOnly !== (call.host === 'event') && !(call.host === 'event' && rule.action.type === 'delay'))
        continue;
      // An event push is shaped only by a rule that names it (host event or an event.* route).
      if (call.host === 'event' && rule.match.host !== 'event' && !rule.match.route?.startsWith('event.'))
        continue;
      rule.seen++;
      if (rule.probability !== undefined && this.random(rule) >= rule.probability) continue;
      rule.hits++;
      return { ...rule };
    }
    return undefined;
  }

  toJSON(): FaultRule[] {
    return this.list();
  }

  restore(rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
    const numeric = rules
      .map((r) => /^f(\d+)$/.exec(r.id)?.[1])
      .filter(Boolean)
      .map(Number);
    this.nextId = Math.max(0, ...numeric) + 1;
  }

  private random(rule: FaultRule): number {
    let rng = this.rngs.get(rule.id);
    if (!rng) this.rngs.set(rule.id, (rng = rule.seed !== undefined ? mulberry32(rule.seed) : Math.random));
    return rng();
  }
}

function isLive(r: FaultRule): boolean {
  if (r.times === 'always') return true;
  return r.hits < (r.times === 'once' ? 1 : r.times);
}

function matches(r: FaultRule, call: CallFacts): boolean {
  const m = r.match;
  if (m.host && m.host !== call.host) return false;
  if (m.route && m.route !== call.route) return false;
  if (m.appKey && m.appKey !== call.appKey) return false;
  if (m.userid && m.userid !== (call.userid ?? stringOf(call.fields.userid))) return false;
  if (m.body) {
    for (const [k, v] of Object.entries(m.body)) if (stringOf(call.fields[k]) !== String(v)) return false;
  }
  return true;
}

function stringOf(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function describeIssues(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0]!;
  const path = issue.path.join('.');
  if (path === 'action.type' || (path === 'action' && issue.code === 'invalid_union')) {
    const got = (input as { action?: { type?: unknown } })?.action?.type;
    return `unknown action "${String(got)}"; valid actions: ${FAULT_ACTIONS.join(', ')}`;
  }
  return `invalid fault rule at ${path || '(root)'}: ${issue.message}`;
}

/** A small seeded PRNG (mulberry32), so probabilistic rules replay the same way. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
