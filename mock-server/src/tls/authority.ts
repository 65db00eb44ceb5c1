/**
 * The sandbox's local certificate authority: generated once per CA folder and kept, it issues the
 * TLS listener's certificate for DingTalk's host names (docs/decisions/0022-local-ca-and-tls.md).
 *
 *   const ca = await loadOrCreateAuthority(dir);  // ca.caPem, ca.caPath
 *   https.createServer(ca.serverOptions(), handler);
 *
 * Keys are RSA 2048 made by Node's crypto (every client accepts them: Java, curl, Python, Go);
 * node-forge lays out the certificates, Node's crypto signs them. The folder holds `ca-key.pem`
 * (the CA's key and certificate, mode 0600), `ca.pem` (the certificate only: what clients trust)
 * and `server-key.pem` (the listener's key, 0600). Each start signs a fresh server certificate.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { CA_CERT_FILE, CA_KEY_FILE, SERVER_KEY_FILE } from './ca-dir.ts';
import { DINGTALK_TLS_NAMES, LOOPBACK_TLS_IPS } from './names.ts';

export interface Authority {
  /** The folder the CA is kept in. */
  dir: string;
  /** The CA certificate (PEM): what a client adds to its trust store. */
  caPem: string;
  /** The file holding `caPem` (`<dir>/ca.pem`). */
  caPath: string;
  /** Key and certificate (PEM) for DingTalk's names and loopback: https.createServer / tls.createSecureContext. */
  serverOptions(): { key: string; cert: string };
}

const DAY = 24 * 3600 * 1000;
const CA_YEARS = 10;
/** Well under the 398 days clients accept for a server certificate. */
const SERVER_DAYS = 365;

/**
 * Loads the CA kept in `dir`, or creates it (once, even with several processes racing: the first
 * one's files win), and issues the server certificate.
 */
export async function loadOrCreateAuthority(dir: string): Promise<Authority> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caKeyPath = join(dir, CA_KEY_FILE);
  const ca = parseCa(await keptOnce(caKeyPath, createCa), caKeyPath);
  const caPem = forge.pki.certificateToPem(ca.cert);
  const caPath = join(dir, CA_CERT_FILE);
  writeIfChanged(caPath, caPem);
  const serverKey = await keptOnce(join(dir, SERVER_KEY_FILE), async () => (await rsaKeyPem()).privateKey);
  const server = { key: serverKey, cert: issueServerCertificate(ca, serverKey) };
  return { dir, caPem, caPath, serverOptions: () => ({ ...server }) };
}

interface Ca {
  cert: forge.pki.Certificate;
  key: KeyObject;
}

async function createCa(): Promise<string> {
  const keys = await rsaKeyPem();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = randomSerial();
  validity(cert, CA_YEARS * 365);
  const name = [
    { name: 'commonName', value: `dingtalk-sandbox local CA ${cert.serialNumber.slice(0, 8)}` },
    { name: 'organizationName', value: 'dingtalk-sandbox' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signWith(cert, createPrivateKey(keys.privateKey));
  return keys.privateKey + forge.pki.certificateToPem(cert);
}

function parseCa(text: string, path: string): Ca {
  try {
    const blocks = forge.pem.decode(text);
    const key = blocks.find((b) => b.type === 'PRIVATE KEY');
    const cert = blocks.find((b) => b.type === 'CERTIFICATE');
    if (!key || !cert) throw new Error('missing block');
    return {
      key: createPrivateKey(forge.pem.encode(key)),
      cert: forge.pki.certificateFromPem(forge.pem.encode(cert)),
    };
  } catch {
    throw new Error(`${path} holds no CA key and certificate; delete the folder to make a new CA`);
  }
}

function issueServerCertificate(ca: Ca, serverKeyPem: string): string {
  const publicPem = createPublicKey(serverKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.serialNumber = randomSerial();
  validity(cert, SERVER_DAYS);
  cert.setSubject([
    { name: 'commonName', value: 'oapi.dingtalk.com' },
    { name: 'organizationName', value: 'dingtalk-sandbox' },
  ]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...DINGTALK_TLS_NAMES.map((value) => ({ type: 2, value })),
        ...LOOPBACK_TLS_IPS.map((ip) => ({ type: 7, ip })),
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  signWith(cert, ca.key);
  return forge.pki.certificateToPem(cert);
}

/**
 * forge's cert.sign() with the RSA signature made by Node's crypto (native: ~100× faster than
 * forge's own big-number code): forge hands its "key" the digest object it fed the TBS bytes to.
 */
function signWith(cert: forge.pki.Certificate, key: KeyObject): void {
  let tbs = '';
  const recorder = {
    algorithm: 'sha256',
    update(bytes: string) {
      tbs += bytes;
      return recorder;
    },
  };
  const signer = { sign: () => sign('sha256', Buffer.from(tbs, 'binary'), key).toString('binary') };
  cert.sign(signer as unknown as forge.pki.rsa.PrivateKey, recorder as unknown as forge.md.MessageDigest);
}

const generateRsa = promisify(generateKeyPair);

/** RSA 2048 from Node's crypto, as PEM (PKCS#8 private, SPKI public). */
async function rsaKeyPem(): Promise<{ publicKey: string; privateKey: string }> {
  return generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** From a day ago (clock skew between a container and its host) for `days`. */
function validity(cert: forge.pki.Certificate, days: number): void {
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() - DAY + days * DAY);
}

/** 16 random bytes as hex, the top bit clear and nonzero, so the serial stays a positive integer. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}

/**
 * The file's content, made by `make` and written (mode 0600) if it does not exist. link() is
 * exclusive: when another process got there first, its file is the one every process uses.
 */
async function keptOnce(path: string, make: () => Promise<string>): Promise<string> {
  const kept = readOptional(path);
  if (kept !== null) return kept;
  const text = await make();
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  try {
    linkSync(temp, path);
    return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readFileSync(path, 'utf8');
  } finally {
    unlinkSync(temp);
  }
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Atomic (temp file + rename), and only when the content differs: concurrent starts agree. */
function writeIfChanged(path: string, text: string): void {
  if (readOptional(path) === text) return;
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, text, { mode: 0o644 });
  renameSync(temp, path);
}
