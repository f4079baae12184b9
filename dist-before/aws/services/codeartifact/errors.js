// Domain errors → CodeArtifact's modelled errors (resourceType is one of the model's ResourceType values).
import { AwsError } from '../../errors.js';
import { CatalogError } from '../../../domain/shared/errors.js';
const RESOURCE_TYPES = new Set(['domain', 'repository', 'package', 'package-version', 'asset']);
export function codeArtifactError(error) {
    if (!(error instanceof CatalogError))
        return undefined;
    const resource = {
        resourceId: error.resourceId,
        resourceType: error.resourceType && RESOURCE_TYPES.has(error.resourceType) ? error.resourceType : undefined,
    };
    switch (error.kind) {
        case 'NotFound':
            return new AwsError('ResourceNotFoundException', error.message, resource);
        case 'Conflict':
            return new AwsError('ConflictException', error.message, resource);
        case 'QuotaExceeded':
            return new AwsError('ServiceQuotaExceededException', error.message, resource);
        case 'AccessDenied':
            return new AwsError('AccessDeniedException', error.message);
        case 'Invalid':
            return new AwsError('ValidationException', error.message, { reason: 'OTHER' });
    }
}
//# sourceMappingURL=errors.js.map