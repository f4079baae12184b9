// Identifiers in AWS's shapes, from a CSPRNG.
import { randomBytes, randomInt } from 'node:crypto';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export function randomString(alphabet, length) {
    let out = '';
    for (let i = 0; i < length; i++)
        out += alphabet[randomInt(alphabet.length)];
    return out;
}
/** 12 digits, not starting with 0 (as AWS account ids look). */
export const newAccountId = () => `${randomInt(1, 10)}${randomString('0123456789', 11)}`;
/** AKIA + 16 characters of base32, like an IAM user's long-term key. */
export const newAccessKeyId = () => `AKIA${randomString(UPPER_ALNUM, 16)}`;
export const newSecretAccessKey = () => randomBytes(30)
    .toString('base64')
    .replace(/[+/]/g, (c) => (c === '+' ? 'X' : 'Y'));
//# sourceMappingURL=ids.js.map