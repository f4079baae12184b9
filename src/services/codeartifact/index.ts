// The CodeArtifact service adapter: its model, handlers and error names, for the engine.
import { loadServiceModel } from '../../aws/model.js';
import { DEFAULT_ERROR_NAMES, type AwsServiceBinding } from '../../aws/service.js';
import { controlPlaneHandlers, type CodeArtifactDomains } from './control-plane.js';
import { codeArtifactError } from './errors.js';

export function codeArtifactService(domains: CodeArtifactDomains): AwsServiceBinding {
  return {
    model: loadServiceModel('codeartifact'),
    handlers: { ...controlPlaneHandlers(domains) },
    errorNames: DEFAULT_ERROR_NAMES,
    mapError: codeArtifactError,
  };
}
