// Browser sessions for the web catalog. SigV4 and GetAuthorizationToken tokens are for tools; a browser
// signs in once with an access key pair and then carries an HMAC-signed, expiring session cookie. The HMAC
// secret is shared by every instance on one store (the settings table), so any instance accepts a session
// another one issued. A session is checked on every request against the access key it was made from: a key
// that is deleted or whose secret changes ends its sessions at once.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal as Actor } from '../domain/identity/authorizer.js';
import type { Caller } from '../domain/shared/caller.js';

export const SESSION_COOKIE = 'quiver_session';
export const SIGN_IN_COOKIE = 'quiver_sign_in';
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** What signed in: an access key (the account root's or a user's; who it acts as is looked up on each request). */
export type Principal = { kind: 'access-key'; accessKeyId: string };

export interface Session {
  principal: Principal;
  region: string;
  /** Random per sign-in: what the CSRF token is bound to. */
  id: string;
  expiresAt: number;
  /** HMAC of the key's secret at sign-in: a changed secret no longer matches. */
  keyFingerprint: string;
}

export interface VerifiedSession extends Session {
  caller: Caller;
  csrfToken: string;
}

export interface SignedInSession extends VerifiedSession {
  /** Who the key acts as, resolved on this request: its policies decide what the pages show and allow. */
  actor: Actor;
}

export type ResolveKey = (accessKeyId: string) => Promise<{ accountId: string; secretAccessKey: string } | undefined>;

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** Equal-length digests compared in constant time, so neither length nor content leaks through timing. */
export function sameSecret(a: string, b: string): boolean {
  const left = createHmac('sha256', 'compare').update(a).digest();
  const right = createHmac('sha256', 'compare').update(b).digest();
  return timingSafeEqual(left, right);
}

export class Sessions {
  constructor(
    private readonly secret: Buffer,
    private readonly resolveKey: ResolveKey,
  ) {}

  private mac(purpose: string, data: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}\n${data}`).digest('base64url');
  }

  /** Checks the key pair; the account comes from the key, never from the form. */
  async signIn(accessKeyId: string, secretAccessKey: string, region: string, now: number): Promise<string | undefined> {
    const key = await this.resolveKey(accessKeyId);
    // Compare even when the key is unknown, so an unknown key id takes as long as a wrong secret.
    const matches = sameSecret(key?.secretAccessKey ?? randomBytes(30).toString('base64'), secretAccessKey);
    if (!key || !matches) return undefined;
    const session: Session = {
      principal: { kind: 'access-key', accessKeyId },
      region,
      id: randomBytes(16).toString('base64url'),
      expiresAt: now + SESSION_TTL_MS,
      keyFingerprint: this.mac('key', key.secretAccessKey),
    };
    const payload = b64(JSON.stringify(session));
    return `${payload}.${this.mac('session', payload)}`;
  }

  /** The signed-in session of a cookie value, or undefined (absent, forged, expired, or its key gone). */
  async verify(cookie: string | undefined, now: number): Promise<VerifiedSession | undefined> {
    if (!cookie) return undefined;
    const [payload, mac, extra] = cookie.split('.');
    if (!payload || !mac || extra !== undefined) return undefined;
    const expected = Buffer.from(this.mac('session', payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let session: Session;
    try {
      session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Session;
    } catch {
      return undefined;
    }
    if (typeof session.expiresAt !== 'number' || session.expiresAt <= now) return undefined;
    if (session.principal?.kind !== 'access-key') return undefined;
    const key = await this.resolveKey(session.principal.accessKeyId);
    if (!key || !sameSecret(this.mac('key', key.secretAccessKey), session.keyFingerprint)) return undefined;
    return {
      ...session,
      caller: { accountId: key.accountId, region: session.region, accessKeyId: session.principal.accessKeyId },
      csrfToken: this.mac('csrf', session.id),
    };
  }

  /** A synchronizer token bound to the session: forms carry it, and every state-changing POST must match it. */
  checkCsrf(session: VerifiedSession, token: unknown): boolean {
    return typeof token === 'string' && sameSecret(session.csrfToken, token);
  }

  /** Before sign-in: a random nonce in a cookie and its MAC in the form, so a cross-site sign-in fails too. */
  newSignInNonce(): { nonce: string; token: string } {
    const nonce = randomBytes(16).toString('base64url');
    return { nonce, token: this.mac('sign-in', nonce) };
  }

  checkSignInToken(nonce: string | undefined, token: unknown): boolean {
    return nonce !== undefined && typeof token === 'string' && sameSecret(this.mac('sign-in', nonce), token);
  }
}

/** The value of one cookie of a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function cookieHeader(
  name: string,
  value: string,
  options: { maxAgeSeconds: number; secure: boolean; path?: string },
): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/ui'}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
