// Domain errors: what went wrong in the catalog's terms. Each protocol adapter maps them to its own
// wire errors (AWS error shapes, npm HTTP statuses) at the edge.
export type CatalogErrorKind = 'NotFound' | 'Conflict' | 'Invalid' | 'AccessDenied' | 'QuotaExceeded';

export class CatalogError extends Error {
  constructor(
    readonly kind: CatalogErrorKind,
    message: string,
    readonly resourceType?: string,
    readonly resourceId?: string,
  ) {
    super(message);
    this.name = `CatalogError(${kind})`;
  }
}

export const notFound = (resourceType: string, resourceId: string, message: string) =>
  new CatalogError('NotFound', message, resourceType, resourceId);
export const conflict = (resourceType: string, resourceId: string, message: string) =>
  new CatalogError('Conflict', message, resourceType, resourceId);
export const invalid = (message: string) => new CatalogError('Invalid', message);
export const accessDenied = (message: string) => new CatalogError('AccessDenied', message);
export const quotaExceeded = (resourceType: string, resourceId: string, message: string) =>
  new CatalogError('QuotaExceeded', message, resourceType, resourceId);
