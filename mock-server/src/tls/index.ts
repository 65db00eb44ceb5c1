/** The local certificate authority and DingTalk's TLS names (docs/decisions/0022-local-ca-and-tls.md). */
export { type Authority, loadOrCreateAuthority } from './authority.ts';
export { CA_CERT_FILE, defaultCaDir } from './ca-dir.ts';
export { DINGTALK_TLS_NAMES, isDingTalkHost } from './names.ts';
export { listenTls, type TlsListener } from './listener.ts';
