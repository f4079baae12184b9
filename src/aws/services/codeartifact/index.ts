// The CodeArtifact service adapter: its model, handlers and error names, for the engine.
import { loadServiceModel } from '../../model.js';
import { DEFAULT_ERROR_NAMES, type AwsServiceBinding } from '../../service.js';
import { controlPlaneHandlers, type CodeArtifactDomains } from './control-plane.js';
import { codeArtifactError } from './errors.js';
import { codeArtifactPermissions } from './permissions.js';
import { packageGroupHandlers, type CodeArtifactPackageGroups } from './package-groups.js';
import { packageHandlers, type CodeArtifactPackages } from './packages.js';
import { policyHandlers, type CodeArtifactPolicies } from './policies.js';

export function codeArtifactService(
  domains: CodeArtifactDomains & CodeArtifactPackages & CodeArtifactPolicies & CodeArtifactPackageGroups,
): AwsServiceBinding {
  return {
    model: loadServiceModel('codeartifact'),
    handlers: {
      ...controlPlaneHandlers(domains),
      ...packageHandlers(domains),
      ...policyHandlers(domains),
      ...packageGroupHandlers(domains),
    },
    errorNames: DEFAULT_ERROR_NAMES,
    mapError: codeArtifactError,
    permissions: codeArtifactPermissions,
  };
}
