/**
 * 查询离职记录列表 — GET /v1.0/contact/empLeaveRecords (docs/dingtalk/directory.md, "Leavers"):
 * who left between startTime and endTime, by the tenant's clock, 50 at most a page. Permission
 * point Contact.Common.Read (C).
 */
import * as z from 'zod';
import type { User } from '../../domain/directory/directory.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import { int, str } from '../params.ts';
import { tokenRoute } from '../route.ts';

/** maxResults: 最大值50 (C). */
export const MAX_LEAVE_RECORDS = 50;
/** The window may span at most 365 days; without endTime, startTime at most 365 days ago (C). */
export const MAX_LEAVE_WINDOW_MS = 365 * 86_400_000;

/** ISO 8601 / RFC 3339 (`YYYY-MM-DDTHH:mm:ssZ`, as the page asks); no zone is read as UTC (U). */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})?$/;

function time(name: string, value: string): number {
  const ms = ISO.test(value) ? Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`) : NaN;
  if (Number.isNaN(ms)) {
    throw new DingTalkError(
      'invalidParameter',
      because(
        `${name} "${value}" 不是 ISO 8601 时间（如 2020-07-10T00:00:00Z）`,
        `${name} "${value}" is not an ISO 8601 time (e.g. 2020-07-10T00:00:00Z)`,
      ),
      { param: name },
    );
  }
  return ms;
}

/** DingTalk's form: seconds, no fraction, UTC (`2021-01-06T11:47:37Z`). */
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function record(u: User): Record<string, unknown> {
  return {
    userId: u.userid,
    name: u.name,
    stateCode: u.stateCode,
    mobile: u.mobile,
    leaveTime: iso(u.leftAt ?? 0),
    // 主动离职: the sandbox's 离职 is one kind (U).
    leaveReason: 'leave',
  };
}

export const empLeaveRecords = tokenRoute({
  id: 'api.contact.empLeaveRecords',
  method: 'GET',
  path: '/v1.0/contact/empLeaveRecords',
  host: 'api',
  params: z.object({
    startTime: str(),
    endTime: str().optional(),
    nextToken: z.string().optional(),
    maxResults: int().refine(
      (n) => n >= 1 && n <= MAX_LEAVE_RECORDS,
      `maxResults must be between 1 and ${MAX_LEAVE_RECORDS}`,
    ),
  }),
  handle(call) {
    const { params, tenant } = call;
    const now = tenant.clock.now();
    const start = time('startTime', params.startTime);
    const end = params.endTime === undefined ? now : time('endTime', params.endTime);
    const span = params.endTime === undefined ? 'startTime 距今' : 'endTime 与 startTime 相差';
    if (end < start || end - start > MAX_LEAVE_WINDOW_MS) {
      throw new DingTalkError(
        'invalidParameter',
        because(
          `${span}不能超过 365 天，且结束不能早于开始（startTime ${params.startTime}，endTime ${params.endTime ?? iso(now)}）`,
          `the window may span at most 365 days and may not end before it starts (startTime ${params.startTime}, endTime ${params.endTime ?? `now, ${iso(now)}`})`,
        ),
        { param: 'startTime' },
      );
    }
    const token = params.nextToken ?? '';
    if (token !== '' && !/^\d{1,9}$/.test(token)) {
      throw new DingTalkError(
        'invalidParameter',
        because(`nextToken "${token}" 不是上一页返回的值`, `nextToken "${token}" is not one a page returned`),
        { param: 'nextToken' },
      );
    }
    const offset = token === '' ? 0 : Number(token);
    const dir = tenant.directory;
    const inWindow = dir
      .leavers()
      .map((id) => dir.getUser(id)!)
      .filter((u) => (u.leftAt ?? 0) >= start && (u.leftAt ?? 0) <= end);
    const page = inWindow.slice(offset, offset + params.maxResults);
    const next = offset + page.length;
    return {
      ...(next < inWindow.length ? { nextToken: String(next) } : {}),
      records: page.map(record),
    };
  },
});
