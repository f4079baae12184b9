// Opaque, tamper-evident keyset pagination tokens. A token carries the cursor (the sort key of the last
// item served) and is HMAC-signed over that cursor *and* the request it belongs to (operation, account,
// region and every filter), so it cannot be forged, altered, or replayed against a different query.
// The secret lives in the Store, so every Quiver instance on the same database accepts every token.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from './errors.js';
const VERSION = 'q1';
export class PageTokens {
    secret;
    constructor(secret) {
        this.secret = secret;
    }
    mac(scope, payload) {
        return createHmac('sha256', this.secret).update(`${scope}\n${payload}`).digest('base64url');
    }
    issue(scope, cursor) {
        const payload = Buffer.from(JSON.stringify(cursor)).toString('base64url');
        return `${VERSION}.${payload}.${this.mac(scope, payload)}`;
    }
    /** The cursor inside a token, or an error of the service's pagination type naming the problem. */
    read(scope, token, errorCode, memberName) {
        const invalid = (why) => new AwsError(errorCode, `Invalid ${memberName}: ${why}`, { reason: 'FIELD_VALIDATION_FAILED' });
        const [version, payload, mac] = token.split('.');
        if (version !== VERSION || !payload || !mac)
            throw invalid('the token is malformed');
        const expected = Buffer.from(this.mac(scope, payload));
        const given = Buffer.from(mac);
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
            throw invalid('the token was altered, or was issued for a different request');
        }
        try {
            return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        }
        catch {
            throw invalid('the token is malformed');
        }
    }
}
/** A stable text form of the request parameters a token is bound to (key order does not matter). */
export function canonicalBinding(parts) {
    const keys = Object.keys(parts)
        .filter((key) => parts[key] !== undefined)
        .sort();
    return JSON.stringify(keys.map((key) => [key, parts[key]]));
}
//# sourceMappingURL=pagination.js.map