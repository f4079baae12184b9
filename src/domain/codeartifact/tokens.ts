// GetAuthorizationToken: an opaque bearer token for the package-manager endpoints of one domain.
// Stateless and HMAC-signed with a secret kept in the Store, so any instance can check a token any
// other issued, and nothing needs cleaning up when tokens expire.
import type { Scope } from '../../store/records.js';
import type { CatalogRepositoriesTx, Store } from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { invalid } from '../shared/errors.js';
import { domainNotFound } from './domains.js';
import { domainArn } from './arns.js';
import { ownedScope, principalArnOf } from '../shared/caller.js';
import { SignedEnvelope } from '../shared/signed-envelope.js';

export const DEFAULT_TOKEN_SECONDS = 12 * 60 * 60;
export const MIN_TOKEN_SECONDS = 900;

export interface AuthorizationClaims {
  accountId: string;
  region: string;
  domain: string;
  accessKeyId: string;
  /** Who the token acts as (`…:root` or `…:user/<name>`); absent in tokens issued before users existed. */
  principalArn?: string;
  expiresAt: number;
}

export class AuthorizationTokens {
  private readonly envelope: SignedEnvelope;

  constructor(
    private readonly store: Store<CatalogRepositoriesTx>,
    secret: Buffer,
  ) {
    this.envelope = new SignedEnvelope(secret);
  }

  /**
   * durationSeconds: 0 or 900–43200 (the model allows 0–43200). 0 means "as long as the caller's
   * session"; Quiver's keys are long-term, so 0 gets the 12-hour default, as AWS gives root-like callers.
   */
  async issue(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    durationSeconds: number | undefined,
    now: number,
  ): Promise<{ token: string; expiresAt: number }> {
    const scope: Scope = ownedScope(
      caller,
      owner,
      'codeartifact:GetAuthorizationToken',
      domainArn({ accountId: owner ?? caller.accountId, region: caller.region }, domain),
    );
    if (durationSeconds !== undefined && durationSeconds !== 0 && durationSeconds < MIN_TOKEN_SECONDS) {
      throw invalid(
        `1 validation error detected: Value '${durationSeconds}' at 'duration' failed to satisfy constraint: Member must be 0 or between ${MIN_TOKEN_SECONDS} and 43200`,
      );
    }
    if (!(await this.store.read((tx) => tx.getDomain(scope, domain)))) throw domainNotFound(scope, domain);
    const seconds = durationSeconds ? durationSeconds : DEFAULT_TOKEN_SECONDS;
    const claims: AuthorizationClaims = {
      ...scope,
      domain,
      accessKeyId: caller.accessKeyId,
      principalArn: principalArnOf(caller),
      expiresAt: now + seconds * 1000,
    };
    return { token: this.envelope.seal(claims), expiresAt: claims.expiresAt };
  }

  /** The claims of a genuine, unexpired token (exactly `<payload>.<mac>`); undefined otherwise. */
  verify(token: string, now: number): AuthorizationClaims | undefined {
    const opened = this.envelope.open(token);
    if (!opened.ok) return undefined;
    const claims = opened.value as AuthorizationClaims;
    return claims.expiresAt > now ? claims : undefined;
  }
}
