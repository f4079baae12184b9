// Domain errors: what went wrong in the catalog's terms. Each protocol adapter maps them to its own
// wire errors (AWS error shapes, npm HTTP statuses) at the edge.
export type DomainErrorKind = 'NotFound' | 'Conflict' | 'Invalid' | 'AccessDenied' | 'QuotaExceeded';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly resourceType?: string,
    readonly resourceId?: string,
  ) {
    super(message);
    this.name = `DomainError(${kind})`;
  }
}

export const notFound = (resourceType: string, resourceId: string, message: string) =>
  new DomainError('NotFound', message, resourceType, resourceId);
export const conflict = (resourceType: string, resourceId: string, message: string) =>
  new DomainError('Conflict', message, resourceType, resourceId);
export const invalid = (message: string) => new DomainError('Invalid', message);
export const accessDenied = (message: string) => new DomainError('AccessDenied', message);
export const quotaExceeded = (resourceType: string, resourceId: string, message: string) =>
  new DomainError('QuotaExceeded', message, resourceType, resourceId);
