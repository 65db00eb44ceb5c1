/**
 * A tenant's stubs: added (validated), matched in the order they were added, counted, removed.
 * Pure: the pipeline (http/pipeline/stubs.ts) runs a chosen stub through the gate like a route.
 */
import * as z from 'zod';
import { jsonSubset, pathRegExp, queryMatches } from './match.ts';
import { stubInput, type Stub, type StubInput } from './stub.ts';

export class StubError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StubError';
  }
}

/** What a call looks like to the stubs. */
export interface StubCallFacts {
  host: string;
  /** HEAD is matched as GET. */
  method: string;
  path: string;
  query: Readonly<Record<string, unknown>>;
  /** The parsed body (JSON or form); undefined when there is none. */
  body: unknown;
}

/** How a stub stands against a call. */
export type StubFit = 'match' | 'path' | 'method' | 'query' | 'body';

export class Stubs {
  private stubs: Stub[] = [];
  private readonly patterns = new Map<string, RegExp>();
  private nextId = 1;

  add(input: StubInput | unknown): Stub {
    const parsed = stubInput.safeParse(input);
    if (!parsed.success) throw new StubError(`invalid stub: ${z.prettifyError(parsed.error)}`);
    const id = parsed.data.id ?? this.freeId();
    if (this.stubs.some((s) => s.id === id)) throw new StubError(`a stub with id "${id}" exists`);
    const stub: Stub = { ...parsed.data, id, hits: 0 };
    this.stubs.push(stub);
    this.patterns.set(id, pathRegExp(stub.path));
    return structuredClone(stub);
  }

  get size(): number {
    return this.stubs.length;
  }

  list(): Stub[] {
    return this.stubs.map((s) => structuredClone(s));
  }

  get(id: string): Stub | undefined {
    const s = this.stubs.find((x) => x.id === id);
    return s && structuredClone(s);
  }

  remove(id: string): void {
    const before = this.stubs.length;
    this.stubs = this.stubs.filter((s) => s.id !== id);
    if (this.stubs.length === before) throw new StubError(`no stub with id "${id}"`);
    this.patterns.delete(id);
  }

  clear(): void {
    this.stubs = [];
    this.patterns.clear();
  }

  /** The first stub (in the order added) that answers the call; not counted (see hit). */
  find(call: StubCallFacts): Stub | undefined {
    for (const s of this.stubs) if (this.fit(s, call) === 'match') return s;
    return undefined;
  }

  /** Every stub of the call's host with how it fits the call (the unknown-path explanation). */
  fits(call: StubCallFacts): { stub: Stub; fit: StubFit }[] {
    return this.stubs
      .filter((s) => s.host === call.host)
      .map((stub) => ({ stub, fit: this.fit(stub, call) }));
  }

  /** Counts a call the stub answered. */
  hit(id: string): void {
    const s = this.stubs.find((x) => x.id === id);
    if (s) s.hits++;
  }

  toJSON(): Stub[] {
    return this.list();
  }

  /** Stubs from a snapshot, validated again (a hand-edited state file cannot plant a bad one). */
  restore(stubs: readonly Stub[]): void {
    this.clear();
    for (const s of stubs) {
      const { hits, ...input } = s;
      this.add(input);
      this.stubs[this.stubs.length - 1]!.hits = typeof hits === 'number' ? hits : 0;
    }
  }

  private fit(s: Stub, call: StubCallFacts): StubFit {
    if (s.host !== call.host || !this.patterns.get(s.id)!.test(call.path)) return 'path';
    const method = call.method === 'HEAD' ? 'GET' : call.method;
    if (s.method !== method) return 'method';
    if (!queryMatches(s.query, call.query)) return 'query';
    if (s.body !== undefined && !jsonSubset(s.body, call.body)) return 'body';
    return 'match';
  }

  private freeId(): string {
    let id: string;
    do id = `s${this.nextId++}`;
    while (this.stubs.some((s) => s.id === id));
    return id;
  }
}
