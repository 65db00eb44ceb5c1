/**
 * A step of the web login the machine refused: the code the journal files it under, why (Chinese
 * first), and what the person is shown when there is a page to show it on.
 */
import { because, type Reason } from '../../errors.ts';

export interface StepRefusal {
  /** The journal's code: `phone.scan`, `qrNotConfirmed`, `user_not_allowed`, `500408` … */
  code: string;
  why: Reason;
  /** What the page or phone tells the person (DingTalk's text where it has one, else U wording). */
  message?: string;
}

export const refusal = (code: string, why: Reason, message?: string): StepRefusal =>
  message === undefined ? { code, why } : { code, why, message };

/** A page (continue, consent) that carries a sid no tenant holds: never issued, or forgotten. */
export function noSuchSession(sid: string): StepRefusal {
  return refusal(
    'qrSessionNotFound',
    because(`找不到二维码登录会话 "${sid}"（不存在或已过期）`, `no QR login session "${sid}"`),
  );
}

/** The simulated phone opened (or acts on) a sid no tenant holds. */
export function phoneOpenedNoSession(sid: string): StepRefusal {
  return refusal(
    'qrSessionNotFound',
    because(
      `模拟手机打开了不存在的二维码登录会话 "${sid}"`,
      `the phone opened an unknown QR session "${sid}"`,
    ),
  );
}
