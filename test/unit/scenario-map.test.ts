/** Journal refusals → the scenario they are an instance of; journal entries → flows. */
import { describe, expect, it } from 'vitest';
import { groupFlows } from '../../mock-server/src/domain/journal/journal-flows.ts';
import type { JournalEntry } from '../../mock-server/src/domain/journal/journal.ts';
import { SCENARIOS } from '../../mock-server/src/scenarios/catalogue.ts';
import { scenarioIdsIn } from '../../mock-server/src/scenarios/ids.ts';
import { scenariosFor } from '../../mock-server/src/scenarios/match.ts';

const refused = (
  code: string,
  route = 'oapi.v2.user.get',
  reason = '',
): Parameters<typeof scenariosFor>[0] => ({
  outcome: 'refused',
  code,
  route,
  reason,
  host: 'oapi',
});

describe('scenario map', () => {
  it.each([
    [
      'E1',
      refused(
        '88/60011',
        'oapi.v2.user.get',
        'has not been granted the permission point qyapi_get_member needed',
      ),
    ],
    [
      'A2',
      refused(
        '88/60011',
        'oapi.v2.department.listsub',
        'the permission point qyapi_get_department_list needed',
      ),
    ],
    ['A2', refused('Forbidden.AccessDenied.AccessTokenPermissionDenied', 'oapi.v2.user.list')],
    ['E5', refused('40078', 'oapi.v2.user.getuserinfo')],
    ['X5', refused('52013', 'client.config')],
    ['X6', refused('60020', 'oapi.gettoken')],
    ['X3', refused('90018')],
    ['X3', refused('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi')],
    ['X2', refused('88/40014')],
    ['X2', refused('42001', 'oapi.user.get')],
    ['X2', refused('InvalidAuthentication', 'api.contact.users.get')],
    ['X4', refused('60121')],
    ['X4', refused('50002')],
    ['M3', refused('310000', 'oapi.robot.send')],
    [
      'V3',
      refused(
        'eventRetry',
        'event.http.push',
        'the receiver answered HTTP 403 (fault rule f1: wrongSignature)',
      ),
    ],
    [
      'V3',
      refused('eventRetry', 'event.http.push', "the answer does not open with the app's token and aes_key"),
    ],
    ['V4', refused('eventRetry', 'event.http.push', 'the request failed: ECONNREFUSED; next try at …')],
    [
      'V4',
      refused('eventFailed', 'event.http.push', 'HTTP 403 (fault rule f1: wrongSignature); no retries left'),
    ],
    ['X1', refused('40096', 'oapi.gettoken')],
    ['X1', refused('853003', 'oapi.sns.getuserinfo_bycode')],
    ['X1', refused('853004', 'oapi.sns.getuserinfo_bycode')],
    ['X2', refused('853002', 'oapi.sns.getuserinfo_bycode')],
    [
      'E3',
      refused('400010', 'login.oauth2.auth', 'redirect_uri domain is not registered; no code is issued (E3)'),
    ],
    [
      'E4',
      refused(
        '400010',
        'login.oauth2.auth',
        'inside the DingTalk client, … — DingTalk shows a blank page here (白屏, E4)',
      ),
    ],
  ])('%s for %o', (id, entry) => {
    expect(
      scenariosFor(entry, (r) => (r === 'oapi.v2.user.list' ? 'qyapi_get_department_member' : undefined))[0],
    ).toBe(id);
  });

  it('maps nothing for a success, and X3 for a fault rule without an error code', () => {
    expect(scenariosFor({ outcome: 'ok', route: 'oapi.gettoken', host: 'oapi' })).toEqual([]);
    expect(scenariosFor({ outcome: 'fault', route: 'oapi.v2.user.get', host: 'oapi' })).toEqual(['X3']);
  });

  it('every mapped id is in the catalogue, which lists S1–S4, L1–L7, E1–E5, X1–X6, M1–M4, A1–A3, V1–V5, B1–B10', () => {
    const ids = SCENARIOS.map((s) => s.id);
    const expected = [
      ...[1, 2, 3, 4].map((n) => `S${n}`),
      ...[1, 2, 3, 4, 5, 6, 7].map((n) => `L${n}`),
      ...[1, 2, 3, 4, 5].map((n) => `E${n}`),
      ...[1, 2, 3, 4, 5, 6].map((n) => `X${n}`),
      ...[1, 2, 3, 4].map((n) => `M${n}`),
      ...[1, 2, 3].map((n) => `A${n}`),
      ...[1, 2, 3, 4, 5].map((n) => `V${n}`),
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => `B${n}`),
    ];
    expect(ids).toEqual(expected);
  });

  it('V1–V5: event scenario ids in test titles count for the scenario table', () => {
    expect(scenarioIdsIn('V3 a wrongly signed push is refused by the BI (V5 stays in step)')).toEqual([
      'V3',
      'V5',
    ]);
    expect(scenarioIdsIn('V9 is no scenario')).toEqual([]);
  });

  it('B1–B10: bot scenario ids in test titles count for the scenario table, B10 as itself', () => {
    expect(scenarioIdsIn('B10 the 21st reply is refused (B4 stays apart)')).toEqual(['B10', 'B4']);
    expect(scenarioIdsIn('B11 is no scenario, nor B1x')).toEqual([]);
  });
});

describe('journal flows', () => {
  let seq = 0;
  const entry = (
    at: number,
    route: string,
    appKey?: string,
    outcome: JournalEntry['outcome'] = 'ok',
  ): JournalEntry => ({
    seq: ++seq,
    at,
    requestId: `r${seq}`,
    host: 'oapi',
    method: 'GET',
    path: `/${route}`,
    route,
    status: 200,
    outcome,
    ...(appKey ? { appKey } : {}),
    durationMs: 1,
  });

  it('groups one app’s calls, folds polling, starts a new flow at a login page, and finds the broken step', () => {
    seq = 0;
    const flows = groupFlows([
      entry(0, 'login.oauth2.auth', 'A'),
      entry(100, 'login.qr.status', 'A'),
      entry(200, 'login.qr.status', 'A'),
      entry(300, 'login.qr.status', 'A'),
      entry(400, 'login.phone'),
      entry(500, 'oapi.v2.user.get', 'A', 'refused'),
      entry(600, 'login.oauth2.auth', 'A'),
      entry(700, 'oapi.gettoken', 'B'),
    ]);
    expect(flows.map((f) => [f.appKey, f.seqs])).toEqual([
      ['B', [8]],
      ['A', [7]],
      ['A', [1, 2, 3, 4, 5, 6]],
    ]);
    const login = flows[2]!;
    expect(login.steps.map((s) => [s.entry.route, s.repeats])).toEqual([
      ['login.oauth2.auth', 1],
      ['login.qr.status', 3],
      ['login.phone', 1],
      ['oapi.v2.user.get', 1],
    ]);
    expect(login.brokeAt?.route).toBe('oapi.v2.user.get');
  });
});
