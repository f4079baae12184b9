export class CatalogError extends Error {
    kind;
    resourceType;
    resourceId;
    constructor(kind, message, resourceType, resourceId) {
        super(message);
        this.kind = kind;
        this.resourceType = resourceType;
        this.resourceId = resourceId;
        this.name = `CatalogError(${kind})`;
    }
}
export const notFound = (resourceType, resourceId, message) => new CatalogError('NotFound', message, resourceType, resourceId);
export const conflict = (resourceType, resourceId, message) => new CatalogError('Conflict', message, resourceType, resourceId);
export const invalid = (message) => new CatalogError('Invalid', message);
export const accessDenied = (message) => new CatalogError('AccessDenied', message);
export const quotaExceeded = (resourceType, resourceId, message) => new CatalogError('QuotaExceeded', message, resourceType, resourceId);
//# sourceMappingURL=errors.js.map