/**
 * Deliberately broken variants of the reference BI, for the mutation check: each is a copy of
 * conformance/reference-bi/src with one textual change, written under conformance/.mutants/ (git
 * ignores it) only while the check runs — never shipped. Each names the scenario tests that must
 * catch it and control tests that must still pass.
 */
export interface Mutant {
  name: string;
  /** What is broken: a copy of the reference BI (default) or of the reference bot (conformance/reference-bot/src). */
  subject?: 'bi' | 'bot';
  what: string;
  /** File under src/ and the exact text replaced; the check fails loudly if the text is gone. */
  file: string;
  find: string;
  replace: string;
  /** Test titles (substrings) that must FAIL against this mutant. */
  caughtBy: string[];
  /** Test titles (substrings) that must still PASS. */
  controls: string[];
}

export const MUTANTS: Mutant[] = [
  {
    name: 'ignores-state',
    what: 'accepts any pending login for the OAuth callback, whatever its state',
    file: 'login/state.ts',
    find: '    return s.length === g.length && timingSafeEqual(s, g);\n  });',
    replace: '    return s.length === g.length && timingSafeEqual(s, g);\n  }) ?? pending[0];',
    caughtBy: ['L1 a callback carrying another browser’s state is refused'],
    controls: [
      'L1 new-generation QR login signs the bound BI user in',
      'E2 QR login as a DingTalk user bound to no BI user',
    ],
  },
  {
    name: 'loses-bindkey',
    what: 'drops “bindKey:<UserID>” from the unbound-user message',
    file: 'login/failures.ts',
    find: '当前用户未绑定系统账号,请联系管理员完成账号关联操作,bindKey:${userid}',
    replace: '当前用户未绑定系统账号,请联系管理员完成账号关联操作',
    caughtBy: [
      'E2 QR login as a DingTalk user bound to no BI user',
      'E2 the bindKey is the guide’s manager1471',
    ],
    controls: ['L1 new-generation QR login signs the bound BI user in'],
  },
  {
    name: 'never-renews-token',
    what: 'caches the first app token forever and never drops a refused one',
    file: 'dingtalk/tokens.ts',
    find: '    if (this.current && this.now() < this.current.renewAt) return this.current.token;',
    replace: '    if (this.current) return this.current.token;',
    caughtBy: ['X2 the BI keeps working across token expiry'],
    controls: ['L1 new-generation QR login signs the bound BI user in'],
  },
  {
    name: 'skips-event-signature',
    what: 'the event receiver wants a msg_signature but never checks it against token, timestamp, nonce, encrypt',
    file: 'events/receiver.ts',
    find: '  if (!signatureMatches(secrets, { signature, timestamp, nonce, encrypt: encrypted }))\n',
    replace: '  if (!signature)\n',
    caughtBy: ['V3 a push the sandbox signs wrongly (fault rule) is refused by the BI'],
    controls: ['V5 a user who leaves in DingTalk is deactivated in the BI within seconds'],
  },
  {
    name: 'bot-never-acks',
    subject: 'bot',
    what: 'the reference bot answers messages but never acks their callbacks',
    file: 'bot.ts',
    find: '    ack(frame, null);\n',
    replace: '    void ack;\n',
    caughtBy: ['B9 the bot acks each callback'],
    controls: ['B1 the bot connects with its clientId and clientSecret'],
  },
  {
    name: 'bot-ignores-qps',
    subject: 'bot',
    what: 'the reference bot gives up on a card call refused 403 QpsLimitForAppkeyAndApi instead of calling again after a second',
    file: 'cards.ts',
    find: '&& throttled++ < QPS_RETRIES) {',
    replace: '&& throttled++ < 0) {',
    caughtBy: ['B6 a question is answered with an AI card in the group'],
    controls: ['B6 the month’s card calls run out'],
  },
];

/** The second edit of never-renews-token: refused tokens are not forgotten either. */
export const EXTRA_EDITS: Record<string, { file: string; find: string; replace: string }[]> = {
  'never-renews-token': [
    {
      file: 'dingtalk/tokens.ts',
      find: '    if (this.current?.token === token) this.current = null;',
      replace: '    void token;',
    },
  ],
};
