// The CodeArtifact service adapter: its model, handlers and error names, for the engine.
import { loadServiceModel } from '../../model.js';
import { DEFAULT_ERROR_NAMES } from '../../service.js';
import { controlPlaneHandlers } from './control-plane.js';
import { codeArtifactError } from './errors.js';
import { packageHandlers } from './packages.js';
export function codeArtifactService(domains) {
    return {
        model: loadServiceModel('codeartifact'),
        handlers: { ...controlPlaneHandlers(domains), ...packageHandlers(domains) },
        errorNames: DEFAULT_ERROR_NAMES,
        mapError: codeArtifactError,
    };
}
//# sourceMappingURL=index.js.map