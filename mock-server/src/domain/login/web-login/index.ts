/**
 * The web-login state machine, both generations (docs/decisions/0005-web-login.md): every step, its
 * checks and its refusals, for the login pages, the simulated phone, the QR status API and the admin
 * API alike. Callers read parameters and render what a step returns; they decide nothing.
 *
 *   authorize page ── openQrLogin ──→ waiting ── scan ──→ scanned ── confirm ──→ confirmed
 *                                        │   ↘ cancel       │  ↘ cancel            │
 *                                        │                  └── X4 ──→ refused     │
 *                                        └─ past 180 s: expired (refreshQrLogin)   │
 *   continueLogin: confirmed → [consent card → decideConsent] → code → redirect (completed)
 *                  refused   → redirect with the error (completed)
 *   legacy: confirmed/refused → loginTmpCode → exchangeLoginTmpCode → sns code (completed)
 *   in the DingTalk client: signInInClient = open + scan + confirm as the client's user, then continue
 *
 * The sessions themselves live in ../qr-logins.ts (one store per tenant).
 */
export { continueLogin, decideConsent, exchangeLoginTmpCode, signInInClient } from './finish.ts';
export type { ConsentCard, NextStep } from './finish.ts';
export { cancel, cannotScanAs, confirm, phoneCandidates, phoneStep, scan } from './phone.ts';
export type { PhoneAction, PhoneCandidate, PhoneStep } from './phone.ts';
export { noSuchSession, phoneOpenedNoSession, type StepRefusal } from './refusal.ts';
export {
  findQrLogin,
  openQrLogin,
  pollQrLogin,
  refreshQrLogin,
  requireQrLogin,
  sessionOwner,
} from './sessions.ts';
export type { FoundLogin, LoginOwner } from './sessions.ts';
