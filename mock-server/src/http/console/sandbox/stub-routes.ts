/**
 * Console routes for stubs. The form becomes a stub definition and goes to the tenant's stubs, which
 * validate it exactly as they do for the admin API and the config file (domain/stubs/stub.ts).
 */
import type Router from '@koa/router';
import { StubError } from '../../../domain/stubs/stubs.ts';
import { AdminError } from '../../admin/errors.ts';
import {
  flashNext,
  form,
  formValue,
  numberField,
  page,
  render,
  tenantOr404,
  type ConsoleContext,
} from '../http.ts';
import { paths } from '../paths.ts';
import { StubsPage } from './stubs.tsx';

/** A JSON field of the form: undefined when empty; refused in words when it does not parse. */
function jsonField(value: string | undefined, label: string): unknown {
  if (!value?.trim()) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch (e) {
    throw new AdminError(
      400,
      'invalidStub',
      `${label} 不是合法的 JSON (not valid JSON): ${(e as Error).message}`,
    );
  }
}

/** The stub definition a submitted form stands for. */
export function stubFromForm(b: Record<string, string>): Record<string, unknown> {
  const stub: Record<string, unknown> = {
    host: b.host,
    method: b.method,
    path: b.path?.trim() ?? '',
    requireToken: b.requireToken !== 'no',
    response: {
      status: numberField(b.status),
      body: jsonField(b.responseBody, '响应体 body') ?? {},
      raw: b.raw === 'yes',
    },
  };
  const query = jsonField(b.query, '查询参数 query');
  if (query !== undefined) stub.query = query;
  const body = jsonField(b.body, '请求体 body');
  if (body !== undefined) stub.body = body;
  for (const k of ['id', 'scope', 'description'] as const) if (b[k]?.trim()) stub[k] = b[k].trim();
  return stub;
}

const stubError = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StubError)
      throw new AdminError(400, 'invalidStub', `桩接口无效 (invalid stub): ${e.message}`);
    throw e;
  }
};

export function registerStubPages(router: Router, c: ConsoleContext): void {
  page(router, c, '/tenants/:corpId/stubs', (ctx) => {
    const t = tenantOr404(c, ctx);
    render(
      c,
      ctx,
      { title: '桩接口', corp: t, section: 'stubs' },
      StubsPage({ corpId: t.corpId, stubs: t.stubs.list(), form: (n, v) => formValue(ctx, n, v) }),
    );
  });

  form(router, c, '/tenants/:corpId/stubs', (ctx, b) => {
    const t = tenantOr404(c, ctx);
    const stub = stubError(() => t.stubs.add(stubFromForm(b)));
    flashNext(c, ctx, { kind: 'ok', text: `已添加桩接口 ${stub.id} (added stub:${stub.id})` });
    return paths.stubs(t.corpId);
  });

  form(router, c, '/tenants/:corpId/stubs/clear', (ctx) => {
    const t = tenantOr404(c, ctx);
    t.stubs.clear();
    flashNext(c, ctx, { kind: 'ok', text: '已清除全部桩接口 (all stubs removed)' });
    return paths.stubs(t.corpId);
  });

  form(router, c, '/tenants/:corpId/stubs/:id/delete', (ctx) => {
    const t = tenantOr404(c, ctx);
    const id = String(ctx.params.id);
    stubError(() => t.stubs.remove(id));
    flashNext(c, ctx, { kind: 'ok', text: `已删除桩接口 ${id} (removed)` });
    return paths.stubs(t.corpId);
  });
}
