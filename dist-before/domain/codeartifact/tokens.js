// GetAuthorizationToken: an opaque bearer token for the package-manager endpoints of one domain.
// Stateless and HMAC-signed with a secret kept in the Store, so any instance can check a token any
// other issued, and nothing needs cleaning up when tokens expire.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalid } from '../shared/errors.js';
import { domainNotFound } from './domains.js';
import { domainArn } from './arns.js';
import { ownedScope } from '../shared/caller.js';
export const DEFAULT_TOKEN_SECONDS = 12 * 60 * 60;
export const MIN_TOKEN_SECONDS = 900;
export class AuthorizationTokens {
    store;
    secret;
    constructor(store, secret) {
        this.store = store;
        this.secret = secret;
    }
    mac(payload) {
        return createHmac('sha256', this.secret).update(payload).digest('base64url');
    }
    /**
     * durationSeconds: 0 or 900–43200 (the model allows 0–43200). 0 means "as long as the caller's
     * session"; Quiver's keys are long-term, so 0 gets the 12-hour default, as AWS gives root-like callers.
     */
    async issue(caller, owner, domain, durationSeconds, now) {
        const scope = ownedScope(caller, owner, 'codeartifact:GetAuthorizationToken', domainArn({ accountId: owner ?? caller.accountId, region: caller.region }, domain));
        if (durationSeconds !== undefined && durationSeconds !== 0 && durationSeconds < MIN_TOKEN_SECONDS) {
            throw invalid(`1 validation error detected: Value '${durationSeconds}' at 'duration' failed to satisfy constraint: Member must be 0 or between ${MIN_TOKEN_SECONDS} and 43200`);
        }
        if (!(await this.store.read((tx) => tx.getDomain(scope, domain))))
            throw domainNotFound(scope, domain);
        const seconds = durationSeconds ? durationSeconds : DEFAULT_TOKEN_SECONDS;
        const claims = {
            ...scope,
            domain,
            accessKeyId: caller.accessKeyId,
            expiresAt: now + seconds * 1000,
        };
        const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
        return { token: `${payload}.${this.mac(payload)}`, expiresAt: claims.expiresAt };
    }
    /** The claims of a genuine, unexpired token; undefined otherwise. */
    verify(token, now) {
        const [payload, mac] = token.split('.');
        if (!payload || !mac)
            return undefined;
        const expected = Buffer.from(this.mac(payload));
        const given = Buffer.from(mac);
        if (expected.length !== given.length || !timingSafeEqual(expected, given))
            return undefined;
        try {
            const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
            return claims.expiresAt > now ? claims : undefined;
        }
        catch {
            return undefined;
        }
    }
}
//# sourceMappingURL=tokens.js.map