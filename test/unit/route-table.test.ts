/**
 * The route table: every route is found by its own method and path (plain paths through the map, the
 * rest through the matcher), HEAD as GET, a trailing slash tolerated, case-sensitively.
 */
import { describe, expect, it } from 'vitest';
import { DingTalkError } from '../../mock-server/src/domain/errors.ts';
import { ALL_ROUTES } from '../../mock-server/src/http/app.ts';
import { RouteTable } from '../../mock-server/src/http/pipeline/routing.ts';

const table = new RouteTable(ALL_ROUTES);
const plain = ALL_ROUTES.filter((r) => !r.path.includes(':') && !r.path.includes('{'));

describe('RouteTable', () => {
  it('finds every route without parameters by its method and path, also with a trailing slash', () => {
    const firstOfKey = new Map<string, string>();
    for (const r of ALL_ROUTES)
      firstOfKey.set(
        `${r.host} ${r.method} ${r.path}`,
        firstOfKey.get(`${r.host} ${r.method} ${r.path}`) ?? r.id,
      );
    for (const r of plain) {
      for (const path of [r.path, `${r.path}/`]) {
        const found = table.find(r.host, r.method, path);
        expect(found instanceof DingTalkError ? found.message : found.route.id, `${r.method} ${path}`).toBe(
          firstOfKey.get(`${r.host} ${r.method} ${r.path}`),
        );
      }
    }
    expect(plain.length).toBeGreaterThan(50);
  });

  it('answers HEAD as GET, and refuses another case or method', () => {
    const gettoken = table.find('oapi', 'HEAD', '/gettoken');
    expect(gettoken instanceof DingTalkError ? null : gettoken.route.id).toBe('oapi.gettoken');
    const upper = table.find('oapi', 'GET', '/GetToken');
    expect(upper instanceof DingTalkError && upper.kind).toBe('unknownApi');
    const method = table.find('oapi', 'POST', '/gettoken');
    expect(method instanceof DingTalkError && method.kind).toBe('methodNotAllowed');
  });

  it('gives a path with parameters its values', () => {
    const found = table.find('api', 'GET', '/v1.0/contact/users/u123');
    expect(found instanceof DingTalkError ? null : found.pathParams).toEqual({ unionId: 'u123' });
  });
});
