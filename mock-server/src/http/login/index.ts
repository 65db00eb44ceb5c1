/**
 * The login host, login.dingtalk.com — the new web login's pages, the QR status the pages poll,
 * the simulated phone, and the embed-script stand-ins. The legacy pages of oapi.dingtalk.com
 * (/connect/…) live in ./legacy.ts and are listed in ../oapi/index.ts.
 */
import type { RouteDef } from '../route.ts';
import { oauthAuthorize, oauthChallenge } from './authorize.ts';
import { oauthConsent, oauthContinue } from './finish.ts';
import { legacyQrFrame } from './legacy.ts';
import { phoneCancel, phoneConfirm, phoneScan, phoneView } from './phone.ts';
import { qrRefresh, qrStatus } from './qr-api.ts';
import { ddLoginLegacyScript, ddloginScript } from './shims.ts';

export const loginRoutes: RouteDef[] = [
  // 登录第三方网站 (new generation)
  oauthAuthorize, //      GET  /oauth2/auth               (→ challenge.htm; in-client: consent/redirect)
  oauthChallenge, //      GET  /oauth2/challenge.htm      the QR card
  oauthContinue, //       GET  /oauth2/continue           after the phone confirmed: consent or redirect
  oauthConsent, //        POST /oauth2/consent            拒绝 / 同意
  ddloginScript, //       GET  /login/ddlogin.js          DTFrameLogin stand-in
  // 扫码登录 (legacy generation, login host side)
  legacyQrFrame, //       GET  /login/qrcode.htm          ddLogin iframe
  ddLoginLegacyScript, // GET  /login/legacy/ddLogin.js   DDLogin stand-in
  // QR sessions, as the pages poll them
  qrStatus, //            GET  /login/qr/status
  qrRefresh, //           POST /login/qr/refresh          刷新
  // the sandbox's simulated phone
  phoneView, //           GET  /login/phone
  phoneScan, //           POST /login/phone/scan
  phoneConfirm, //        POST /login/phone/confirm
  phoneCancel, //         POST /login/phone/cancel
];
