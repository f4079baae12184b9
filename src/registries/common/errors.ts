// Errors of the registry protocols, and the one mapping of domain errors to HTTP statuses every format uses.
import { CatalogError } from '../../domain/shared/errors.js';

/** A protocol-level failure with its HTTP status (bad framing, too large, unauthenticated, wrong method). */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const STATUS_OF: Record<CatalogError['kind'], number> = {
  NotFound: 404,
  Conflict: 409,
  Invalid: 400,
  AccessDenied: 403,
  QuotaExceeded: 403,
};

/** The HTTP status of any error a registry handler throws: 500 for anything that is not ours. */
export function statusOf(error: unknown): number {
  if (error instanceof RegistryError) return error.status;
  if (error instanceof CatalogError) return STATUS_OF[error.kind];
  return 500;
}
