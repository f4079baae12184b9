// What the web adapter is given (the same domain objects the AWS adapters use) and the per-request helpers
// its routes share: the caller of the signed-in session, query parsing, keyset cursors in URLs.
import type { FastifyRequest } from 'fastify';
import type { Domains } from '../domain/codeartifact/domains.js';
import type { Packages } from '../domain/codeartifact/packages.js';
import type { Repositories } from '../domain/codeartifact/repositories.js';
import type { VersionBatches } from '../domain/codeartifact/version-batch.js';
import type { PackageVersions } from '../domain/codeartifact/versions.js';
import type { Images } from '../domain/imagebuilder/images.js';
import type { IotPackages } from '../domain/iot/catalog.js';
import type { PanoramaPackages } from '../domain/panorama/packages.js';
import type { Caller } from '../domain/shared/caller.js';
import { invalid } from '../domain/shared/errors.js';
import type { WebAccess } from './access.js';
import type { SignedInSession } from './session.js';

/** The domain collections the pages read and change: no store, no second copy of a rule. */
export interface WebCatalog {
  domains: Domains;
  repositories: Repositories;
  packages: Packages;
  versions: PackageVersions;
  batch: VersionBatches;
  iot: IotPackages;
  panorama: PanoramaPackages;
  images: Images;
}

export interface WebOptions {
  catalog: WebCatalog;
  /** HMAC secret for session cookies and CSRF tokens, shared by every instance on one store. */
  sessionSecret: Buffer;
  resolveKey: (accessKeyId: string) => Promise<{ accountId: string; secretAccessKey: string } | undefined>;
  /** The policy evaluation every page goes through, as the AWS API's operations do. */
  access: WebAccess;
  defaultRegion: string;
  publicUrl?: string;
  now?: () => number;
}

declare module 'fastify' {
  interface FastifyRequest {
    webSession?: SignedInSession;
  }
}

export const PAGE_SIZE = 50;

export function sessionOf(request: FastifyRequest): SignedInSession {
  if (!request.webSession) throw new Error('a /ui route ran without a session');
  return request.webSession;
}

export const callerOf = (request: FastifyRequest): Caller => sessionOf(request).caller;

/** The base URL clients reach this server at (QUIVER_PUBLIC_URL behind a proxy), as the AWS engine builds it. */
export const baseUrlOf = (request: FastifyRequest, publicUrl: string | undefined) =>
  (publicUrl ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`).replace(/\/+$/, '');

type Query = Record<string, string | string[] | undefined>;

/** One query parameter as text ('' and absent are both undefined; a repeated one is its first value). */
export function param(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Query)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw invalid(`${name} must be one of ${allowed.join(', ')}; got '${value}'.`);
  return value as T;
}

/** A keyset position carried in a link: the last row's key, as base64url JSON (its scope comes from the session). */
export const encodeCursor = (cursor: unknown): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

export function decodeCursor<T>(request: FastifyRequest, name = 'after'): T | undefined {
  const text = param(request, name);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (value !== null && typeof value === 'object') return value as T;
  } catch {
    // fall through to the 400 below
  }
  throw invalid(`${name}: not a page position this catalog issued.`);
}

/** Fetches one row more than a page to learn whether a next page exists. */
export async function keyset<Row>(
  fetch: (limit: number) => Promise<Row[]>,
  size = PAGE_SIZE,
): Promise<{ rows: Row[]; last?: Row }> {
  const rows = await fetch(size + 1);
  const page = rows.slice(0, size);
  return { rows: page, last: rows.length > size ? page[page.length - 1] : undefined };
}
