// One way to hand a client a value it can give back but not forge: `[prefix.]<payload>.<mac>`, the payload
// base64url JSON and the mac an HMAC-SHA256 (base64url) over the payload, or over `<context>\n<payload>` when
// the envelope is bound to a context (a page token to the request it pages). Used by the AWS pagination
// tokens and by GetAuthorizationToken's tokens; both are stateless, so any instance sharing the secret
// opens what another sealed. A token of any other shape — a missing part, or anything after the mac — is
// refused, never read in part.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type Opened = { ok: true; value: unknown } | { ok: false; problem: 'malformed' | 'forged' };

export class SignedEnvelope {
  /** `prefix` (a format version, say) is the token's first part when given; it is not signed. */
  constructor(
    private readonly secret: Buffer,
    private readonly prefix?: string,
  ) {}

  private mac(payload: string, context: string | undefined): string {
    return createHmac('sha256', this.secret)
      .update(context === undefined ? payload : `${context}\n${payload}`)
      .digest('base64url');
  }

  seal(value: unknown, context?: string): string {
    const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
    const sealed = `${payload}.${this.mac(payload, context)}`;
    return this.prefix === undefined ? sealed : `${this.prefix}.${sealed}`;
  }

  open(token: string, context?: string): Opened {
    const parts = token.split('.');
    if (this.prefix !== undefined && parts.shift() !== this.prefix) return { ok: false, problem: 'malformed' };
    if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, problem: 'malformed' };
    const [payload, mac] = parts as [string, string];
    const expected = Buffer.from(this.mac(payload, context));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, problem: 'forged' };
    try {
      return { ok: true, value: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) };
    } catch {
      return { ok: false, problem: 'malformed' };
    }
  }
}
