/**
 * How a stub matches (docs/stubs.md): path globs and the JSON-subset body match, case by case.
 */
import { describe, expect, it } from 'vitest';
import { jsonSubset, pathRegExp, queryMatches } from '../../mock-server/src/domain/stubs/match.ts';

const matches = (pattern: string, path: string) => pathRegExp(pattern).test(path);

describe('stub path globs', () => {
  it('an exact path matches itself (a trailing slash tolerated); . and {} are literal, case counts', () => {
    expect(matches('/v1.0/x', '/v1.0/x')).toBe(true);
    expect(matches('/v1.0/x', '/v1.0/x/')).toBe(true);
    expect(matches('/v1.0/x', '/v1a0/x')).toBe(false);
    expect(matches('/a/{id}', '/a/{id}')).toBe(true);
    expect(matches('/a/{id}', '/a/1')).toBe(false);
    expect(matches('/v1.0/oToMessages', '/v1.0/otoMessages')).toBe(false);
  });

  it('* is any text inside one segment; ** any number of whole segments', () => {
    expect(matches('/v1.0/groups/*/members', '/v1.0/groups/77/members')).toBe(true);
    expect(matches('/v1.0/groups/*/members', '/v1.0/groups/7/7/members')).toBe(false);
    expect(matches('/topapi/attendance/*', '/topapi/attendance/getleavestatus')).toBe(true);
    expect(matches('/topapi/get*', '/topapi/getleave')).toBe(true);
    expect(matches('/v1.0/hrm/**', '/v1.0/hrm')).toBe(true);
    expect(matches('/v1.0/hrm/**', '/v1.0/hrm/a/b/c')).toBe(true);
    expect(matches('/v1.0/hrm/**', '/v1.0/hrmx')).toBe(false);
    expect(matches('/a/**/z', '/a/z')).toBe(true);
    expect(matches('/a/**/z', '/a/b/c/z')).toBe(true);
    expect(matches('/a/**/z', '/a/b/c/y')).toBe(false);
  });
});

describe('stub body and query match', () => {
  it('objects may hold more fields; arrays match element by element with the same length; scalars by type', () => {
    expect(jsonSubset({ a: 1 }, { a: 1, b: 2 })).toBe(true);
    expect(jsonSubset({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 2, d: 3 }], e: 0 } })).toBe(true);
    expect(jsonSubset({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(jsonSubset({ a: 1 }, { a: '1' })).toBe(false);
    expect(jsonSubset({ a: null }, {})).toBe(false);
    expect(jsonSubset({ a: null }, { a: null })).toBe(true);
    expect(jsonSubset({}, undefined)).toBe(false);
    expect(jsonSubset({}, {})).toBe(true);
    expect(jsonSubset([1], { 0: 1, length: 1 })).toBe(false);
  });

  it('query fields equal their values; a repeated field matches when one of its values does', () => {
    expect(queryMatches({ type: '1' }, { type: '1', other: 'x' })).toBe(true);
    expect(queryMatches({ type: '1' }, { type: ['2', '1'] })).toBe(true);
    expect(queryMatches({ type: '1' }, {})).toBe(false);
    expect(queryMatches(undefined, {})).toBe(true);
  });
});
