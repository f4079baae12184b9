// Typed view of a botocore service model (service-2.json) and its loader. Everything the engine knows
// about an AWS service's wire contract comes from here; nothing is hand-written per operation.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
export class ServiceModel {
    signingName;
    operations;
    shapes;
    paginators;
    constructor(json, paginators) {
        this.signingName = json.metadata.signingName;
        this.operations = json.operations;
        this.shapes = json.shapes;
        this.paginators = paginators;
    }
    shape(name) {
        const found = this.shapes[name];
        if (!found)
            throw new Error(`model ${this.signingName} has no shape ${name}`);
        return found;
    }
    operation(name) {
        const found = this.operations[name];
        if (!found)
            throw new Error(`model ${this.signingName} has no operation ${name}`);
        return found;
    }
    /** The error shape for an error code, when this service models one by that name. */
    errorShape(code) {
        const shape = this.shapes[code];
        return shape?.exception ? shape : undefined;
    }
}
// src/aws/models from both src/aws (tsx) and dist/aws (compiled): the JSON stays in src/, vendored once.
const modelsDir = fileURLToPath(new URL('../../src/aws/models/', import.meta.url));
// Quiver's own operations of a service (src/aws/extensions/<service>.json), in the same format.
const extensionsDir = fileURLToPath(new URL('../../src/aws/extensions/', import.meta.url));
const cache = new Map();
export function loadServiceModel(service) {
    const cached = cache.get(service);
    if (cached)
        return cached;
    const json = JSON.parse(readFileSync(`${modelsDir}${service}/service-2.json`, 'utf8'));
    const pages = JSON.parse(readFileSync(`${modelsDir}${service}/paginators-1.json`, 'utf8'));
    if (existsSync(`${extensionsDir}${service}.json`)) {
        const extension = JSON.parse(readFileSync(`${extensionsDir}${service}.json`, 'utf8'));
        for (const name of [...Object.keys(extension.operations), ...Object.keys(extension.shapes)]) {
            if (json.operations[name] || json.shapes[name])
                throw new Error(`extension ${service}.json redefines ${name} of the AWS model`);
        }
        Object.assign(json.operations, extension.operations);
        Object.assign(json.shapes, extension.shapes);
    }
    const model = new ServiceModel(json, pages.pagination);
    cache.set(service, model);
    return model;
}
export function botocoreVersion() {
    return readFileSync(`${modelsDir}BOTOCORE_VERSION`, 'utf8').trim();
}
//# sourceMappingURL=model.js.map