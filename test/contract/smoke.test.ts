import { describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/sandbox.ts';

describe('sandbox smoke', () => {
  it('issues a token on gettoken and reads the guide administrator manager1471 with it', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const body = await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' });
    expect(body).toMatchObject({ errcode: 0, errmsg: 'ok', result: { userid: 'manager1471', admin: true } });
  });
});
