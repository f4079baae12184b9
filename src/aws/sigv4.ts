// SigV4 verification (header and presigned-query forms): parse, bound the clock, look up the secret, recompute
// the signature over exactly the headers the client listed in SignedHeaders and the raw path it sent
// (sigv4-canonical.ts, which reproduces @smithy/signature-v4 — the signer the JS SDKs use — and is tested
// against it), compare in constant time. Failures are the four 403 types the SDKs know.
import type { IncomingHttpHeaders } from 'node:http';
import { AwsError } from './errors.js';
import {
  EMPTY_SHA256,
  canonicalRequest,
  credentialScope,
  sha256Hex,
  signature,
  signedHeaderNames,
} from './sigv4-canonical.js';

export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export interface SigningSecret {
  accountId: string;
  secretAccessKey: string;
}

export type SecretResolver = (accessKeyId: string) => Promise<SigningSecret | undefined>;

export interface SignedRequest {
  method: string;
  rawPath: string;
  query: Map<string, string[]>;
  headers: IncomingHttpHeaders;
  /** The whole body, or undefined when it is still a stream whose hash the caller checks while reading. */
  body: Buffer | undefined;
}

export interface VerifiedCaller {
  accessKeyId: string;
  accountId: string;
  region: string;
  service: string;
  /** Set when the body was not available: the sha256 the body must have (from x-amz-content-sha256). */
  pendingPayloadSha256?: string;
}

interface ParsedSignature {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  presignedExpiresSeconds?: number;
}

const deny = (code: string, message: string) => new AwsError(code, message, {}, 403);

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

type CredentialScope = Pick<ParsedSignature, 'accessKeyId' | 'date' | 'region' | 'service'>;

// The last well-formed credential and what it parsed to: the engine reads the scope before authenticating (to
// answer in the service's error shape), so each request parses the same text twice, and a client's next request
// usually sends the same credential again (same key, day, region and service).
let lastCredential: { text: string; scope: Readonly<CredentialScope> } | undefined;

function parseCredential(credential: string | undefined): Readonly<CredentialScope> {
  if (credential !== undefined && lastCredential?.text === credential) return lastCredential.scope;
  const scope = parseCredentialText(credential);
  lastCredential = { text: credential!, scope: Object.freeze(scope) };
  return scope;
}

function parseCredentialText(credential: string | undefined): CredentialScope {
  const parts = credential?.split('/') ?? [];
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || parts.some((part) => part === '')) {
    throw deny(
      'IncompleteSignatureException',
      `Credential should be scoped to a valid region and service: expected '<key>/<date>/<region>/<service>/aws4_request', got '${credential ?? ''}'.`,
    );
  }
  // A region is what AWS names regions (us-east-1, eu-central-2, us-gov-west-1): data is kept apart per region
  // and the region appears in ARNs, so arbitrary strings are refused (QA L10).
  if (!REGION.test(parts[2]!))
    throw deny(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${parts[2]!.slice(0, 64)}'.`,
    );
  return { accessKeyId: parts[0]!, date: parts[1]!, region: parts[2]!, service: parts[3]! };
}

/**
 * The three fields of an Authorization header, the last of a repeated one winning; anything else is ignored. The
 * one reading of the header: the service a request is routed to (readCredentialScope) is the one its signature is
 * checked for, even when a header repeats Credential.
 */
function authorizationFields(header: string): { credential?: string; signedHeaders?: string; signature?: string } {
  const space = header.indexOf(' ');
  const fields: { credential?: string; signedHeaders?: string; signature?: string } = {};
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === 'Credential') fields.credential = part.slice(eq + 1).trim();
    else if (name === 'SignedHeaders') fields.signedHeaders = part.slice(eq + 1).trim();
    else if (name === 'Signature') fields.signature = part.slice(eq + 1).trim();
  }
  return fields;
}

function parseAuthorizationHeader(header: string, headers: IncomingHttpHeaders): ParsedSignature {
  const space = header.indexOf(' ');
  const algorithm = space === -1 ? header : header.slice(0, space);
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    throw deny(
      'IncompleteSignatureException',
      `Unsupported authorization type '${algorithm}': Quiver accepts AWS4-HMAC-SHA256.`,
    );
  }
  const { credential, signedHeaders, signature } = authorizationFields(header);
  if (!credential || !signedHeaders || !signature) {
    const fields: Record<string, string | undefined> = {
      Credential: credential,
      SignedHeaders: signedHeaders,
      Signature: signature,
    };
    const missing = Object.keys(fields).filter((name) => !fields[name]);
    throw deny(
      'IncompleteSignatureException',
      `${missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ')} Authorization=${header}`,
    );
  }
  const amzDate = headerValue(headers, 'x-amz-date');
  if (!amzDate) {
    // AWS also accepts a Date header alone; Quiver's canonical request (as @smithy/signature-v4's, which it
    // reproduces) drops Date, so Quiver says plainly what it needs instead of claiming the Date header is absent.
    throw deny(
      'IncompleteSignatureException',
      headerValue(headers, 'date') === undefined
        ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        : 'Quiver verifies header signatures dated by X-Amz-Date (as every AWS SDK sends); a Date header alone is not supported.',
    );
  }
  return {
    ...parseCredential(credential),
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate,
  };
}

function parsePresignedQuery(query: Map<string, string[]>): ParsedSignature {
  const get = (name: string) => query.get(name)?.[0];
  if (get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    throw deny(
      'IncompleteSignatureException',
      `Unsupported X-Amz-Algorithm '${get('X-Amz-Algorithm')}': Quiver accepts AWS4-HMAC-SHA256.`,
    );
  }
  const missing = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Expires'].filter(
    (name) => !get(name),
  );
  if (missing.length > 0) {
    throw deny(
      'IncompleteSignatureException',
      missing.map((name) => `AWS query-string parameters must include '${name}'.`).join(' '),
    );
  }
  const expires = Number(get('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 1 || expires > 604800) {
    throw deny('IncompleteSignatureException', 'X-Amz-Expires must be a whole number of seconds from 1 to 604800.');
  }
  return {
    ...parseCredential(get('X-Amz-Credential')),
    signedHeaders: get('X-Amz-SignedHeaders')!.split(';'),
    signature: get('X-Amz-Signature')!,
    amzDate: get('X-Amz-Date')!,
    presignedExpiresSeconds: expires,
  };
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function parseAmzDate(text: string): Date | undefined {
  const match = AMZ_DATE.exec(text);
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = [+match[1]!, +match[2]!, +match[3]!, +match[4]!, +match[5]!, +match[6]!];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls hour 25 over into the next day (and years 0-99 into the 1900s): a field out of range is a
  // malformed date, not a later one, so every field must read back as sent.
  return date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s
    ? date
    : undefined;
}

function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

function checkClock(parsed: ParsedSignature, signedAt: Date, now: Date): void {
  if (parsed.presignedExpiresSeconds !== undefined) {
    if (now.getTime() > signedAt.getTime() + parsed.presignedExpiresSeconds * 1000) {
      throw deny(
        'InvalidSignatureException',
        `Signature expired: ${parsed.amzDate} is now earlier than ${formatAmzDate(new Date(now.getTime() - parsed.presignedExpiresSeconds * 1000))} (${formatAmzDate(now)} - ${parsed.presignedExpiresSeconds} sec.)`,
      );
    }
  } else if (signedAt.getTime() < now.getTime() - MAX_CLOCK_SKEW_MS) {
    throw deny(
      'InvalidSignatureException',
      `Signature expired: ${parsed.amzDate} is now earlier than ${formatAmzDate(new Date(now.getTime() - MAX_CLOCK_SKEW_MS))} (${formatAmzDate(now)} - 15 min.)`,
    );
  }
  if (signedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw deny(
      'InvalidSignatureException',
      `Signature not yet current: ${parsed.amzDate} is still later than ${formatAmzDate(new Date(now.getTime() + MAX_CLOCK_SKEW_MS))} (${formatAmzDate(now)} + 15 min.)`,
    );
  }
}

/**
 * Equal strings, in time that depends only on their length (which is public: a signature is 64 hex digits). A loop
 * over the UTF-16 code units, not timingSafeEqual, which wanted two Buffers made per request for it.
 */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** Reads the credential scope without verifying anything: which service and region a request addresses. */
export function readCredentialScope(
  request: Pick<SignedRequest, 'headers' | 'query'>,
): { service: string; region: string } | undefined {
  try {
    const auth = headerValue(request.headers, 'authorization');
    const credential = auth ? authorizationFields(auth).credential : request.query.get('X-Amz-Credential')?.[0];
    const scope = parseCredential(credential);
    return { service: scope.service, region: scope.region };
  } catch {
    return undefined;
  }
}

/** What the headers alone establish: a well-formed signature, a current date and a known access key. */
export interface PreAuthenticated {
  parsed: ParsedSignature;
  signedAt: Date;
  presigned: boolean;
  secret: SigningSecret;
  /**
   * The signature covers x-amz-content-sha256 (a digest or UNSIGNED-PAYLOAD), so it can be checked before any
   * body byte is read; otherwise the body is part of what was signed and must be read (bounded) first.
   */
  payloadHashSigned: boolean;
}

/**
 * The cheap checks, run before the body is read (QA H1): the Authorization header or presigned query parses, its
 * date is well-formed and within the skew, and its access key exists. A request failing any of them gets its 403
 * without the server keeping a byte of its body.
 */
export async function preAuthenticate(
  request: Pick<SignedRequest, 'headers' | 'query'>,
  resolveSecret: SecretResolver,
  now: Date,
): Promise<PreAuthenticated> {
  const authorization = headerValue(request.headers, 'authorization');
  const presigned = !authorization && request.query.has('X-Amz-Algorithm');
  if (!authorization && !presigned) throw deny('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const parsed = authorization
    ? parseAuthorizationHeader(authorization, request.headers)
    : parsePresignedQuery(request.query);

  const signedAt = parseAmzDate(parsed.amzDate);
  if (!signedAt)
    throw deny('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${parsed.amzDate}'.`);
  if (!parsed.amzDate.startsWith(parsed.date)) {
    throw deny(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${parsed.amzDate.slice(0, 8)}'`,
    );
  }
  if (!parsed.signedHeaders.includes('host')) {
    throw deny(
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }
  checkClock(parsed, signedAt, now);

  const secret = await resolveSecret(parsed.accessKeyId);
  if (!secret) throw deny('UnrecognizedClientException', 'The security token included in the request is invalid.');
  const payloadHashSigned =
    parsed.signedHeaders.includes('x-amz-content-sha256') &&
    headerValue(request.headers, 'x-amz-content-sha256') !== undefined;
  return { parsed, signedAt, presigned, secret, payloadHashSigned };
}

/** The declared x-amz-content-sha256 checked against the whole body (when one was declared and not UNSIGNED-PAYLOAD). */
export function checkPayloadHash(headers: IncomingHttpHeaders, body: Buffer): void {
  const declaredHash = headerValue(headers, 'x-amz-content-sha256');
  if (!declaredHash || declaredHash === UNSIGNED_PAYLOAD) return;
  const actual = sha256Hex(body);
  if (actual !== declaredHash.toLowerCase()) {
    throw deny(
      'InvalidSignatureException',
      'The provided x-amz-content-sha256 header does not match what was computed.',
    );
  }
}

/**
 * The signature itself. `body` is needed only when the payload hash is not signed (see PreAuthenticated); when it is
 * undefined the caller checks the body against x-amz-content-sha256 as it reads it (checkPayloadHash, or the blob
 * store for a streamed payload).
 */
export function verifySignature(pre: PreAuthenticated, request: SignedRequest): VerifiedCaller {
  const { parsed, presigned, secret } = pre;
  // Exactly the headers the client listed (deduplicated; sorted in the canonical request). Authorization and Date
  // are never signed (smithy drops them), nor X-Amz-Date in the presigned form, where the date travels in the query.
  const headers = new Map<string, string>();
  for (const name of parsed.signedHeaders) {
    // An own header only: a listed `constructor` or `__proto__` is a missing header, not Object.prototype's.
    const value = Object.hasOwn(request.headers, name) ? headerValue(request.headers, name) : undefined;
    if (value === undefined)
      throw deny('InvalidSignatureException', `Signed header '${name}' is missing from the request.`);
    if (name === 'authorization' || name === 'date' || (presigned && name === 'x-amz-date')) continue;
    // The header form signs X-Amz-Date as the date it was parsed to, which is the sent text (parseAmzDate).
    headers.set(name, name === 'x-amz-date' ? parsed.amzDate : value);
  }

  // The payload hash: the client's x-amz-content-sha256 when it sent one, else the body's own hash.
  const declaredHash = headerValue(request.headers, 'x-amz-content-sha256');
  let pendingPayloadSha256: string | undefined;
  if (declaredHash && declaredHash !== UNSIGNED_PAYLOAD) {
    if (request.body) checkPayloadHash(request.headers, request.body);
    else pendingPayloadSha256 = declaredHash.toLowerCase();
  }
  // A signed x-amz-content-sha256 is the payload hash as sent (even empty); otherwise the body's, or the empty hash.
  const signedHash = headers.get('x-amz-content-sha256');
  const payloadHash = signedHash ?? (request.body ? sha256Hex(request.body) : EMPTY_SHA256);

  const scope = { shortDate: parsed.amzDate.slice(0, 8), region: parsed.region, service: parsed.service };
  const names = signedHeaderNames(headers);
  const canonical = canonicalRequest({
    method: request.method,
    rawPath: request.rawPath,
    query: request.query,
    // A presigned URL's own X-Amz-* parameters are signed as a signer writes them from what they parsed to
    // (X-Amz-Expires=060 as 60, a repeated one once, the date in the scope from X-Amz-Date), as smithy does.
    queryOverrides: presigned
      ? {
          'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
          'X-Amz-Credential': `${parsed.accessKeyId}/${credentialScope(scope)}`,
          'X-Amz-Date': parsed.amzDate,
          'X-Amz-Expires': String(parsed.presignedExpiresSeconds),
          'X-Amz-SignedHeaders': names.join(';'),
        }
      : undefined,
    headers,
    names,
    payloadHash,
  });
  const expected = signature(secret.secretAccessKey, parsed.amzDate, scope, canonical);
  if (!constantTimeEqual(expected, parsed.signature)) {
    throw deny(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return {
    accessKeyId: parsed.accessKeyId,
    accountId: secret.accountId,
    region: parsed.region,
    service: parsed.service,
    pendingPayloadSha256,
  };
}

/** Both phases at once, for a request whose body is already in memory (or streamed with a signed hash). */
export async function verifySigV4(
  request: SignedRequest,
  resolveSecret: SecretResolver,
  now: Date,
): Promise<VerifiedCaller> {
  return verifySignature(await preAuthenticate(request, resolveSecret, now), request);
}
