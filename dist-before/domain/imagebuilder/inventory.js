export class InventoryError extends Error {
    where;
    constructor(where, problem) {
        super(`inventory.content ${where}: ${problem}`);
        this.where = where;
    }
}
function lines(content) {
    return content.split(/\r?\n/);
}
/** `dpkg-query -W` prints `<package>\t<version>` (the default `${binary:Package}\t${Version}`). */
export function parseDpkg(content, onProgress) {
    const all = lines(content);
    const out = [];
    all.forEach((line, index) => {
        if (line.trim() === '')
            return;
        const fields = line.split('\t');
        if (fields.length < 2 || fields[0].trim() === '') {
            throw new InventoryError(`line ${index + 1}`, `expected "<package>\\t<version>" as dpkg-query -W prints it, got "${line.slice(0, 80)}"`);
        }
        // A package dpkg knows but has not installed (config-files only) prints an empty version: not in the image.
        if (fields[1].trim() === '')
            return;
        out.push({ name: fields[0], version: fields[1] });
        if (onProgress && index % 500 === 0)
            onProgress(index + 1, all.length);
    });
    onProgress?.(all.length, all.length);
    return out;
}
const RPM_ARCHES = new Set([
    'x86_64',
    'noarch',
    'i386',
    'i486',
    'i586',
    'i686',
    'aarch64',
    'armv7hl',
    'armv7l',
    'ppc64',
    'ppc64le',
    's390x',
    'src',
    'riscv64',
]);
/**
 * `rpm -qa` prints NEVRA (`bash-5.1.8-6.el9.x86_64`): name = everything before the last two dashes, version =
 * version-release, the architecture dropped. With `--qf` a tab form is accepted: `<name>\t<version>[\t…]`
 * (an epoch of `(none):` is removed, as rpm prints it for packages without one).
 */
export function parseRpm(content, onProgress) {
    const all = lines(content);
    const out = [];
    all.forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('gpg-pubkey-'))
            return;
        if (line.includes('\t')) {
            const [name, version] = line.split('\t');
            if (!name || !version)
                throw new InventoryError(`line ${index + 1}`, `expected "<name>\\t<version>", got "${line.slice(0, 80)}"`);
            out.push({ name, version: version.replace(/^\(none\):/, '') });
        }
        else {
            const dot = line.lastIndexOf('.');
            const nevr = dot > 0 && RPM_ARCHES.has(line.slice(dot + 1)) ? line.slice(0, dot) : line;
            const releaseDash = nevr.lastIndexOf('-');
            const versionDash = releaseDash > 0 ? nevr.lastIndexOf('-', releaseDash - 1) : -1;
            if (versionDash <= 0) {
                throw new InventoryError(`line ${index + 1}`, `expected name-version-release[.arch] as rpm -qa prints it, got "${line.slice(0, 80)}"`);
            }
            out.push({ name: nevr.slice(0, versionDash), version: nevr.slice(versionDash + 1) });
        }
        if (onProgress && index % 500 === 0)
            onProgress(index + 1, all.length);
    });
    onProgress?.(all.length, all.length);
    return out;
}
function parseJson(content) {
    try {
        return JSON.parse(content);
    }
    catch (error) {
        throw new InventoryError('$', `not JSON: ${error.message}`);
    }
}
/**
 * CycloneDX JSON 1.4–1.6: every component (nested ones too) with a version. The name is the component's
 * `name`, prefixed with `group/` when it has a group (as its purl writes it). Components without a version
 * (files, the image itself) are not packages and are left out.
 */
export function parseCycloneDx(content, onProgress) {
    const doc = parseJson(content);
    if (doc === null || typeof doc !== 'object' || doc.bomFormat !== 'CycloneDX')
        throw new InventoryError('$.bomFormat', 'must be "CycloneDX"');
    if (typeof doc.specVersion !== 'string' || !/^1\.[4-6]$/.test(doc.specVersion)) {
        throw new InventoryError('$.specVersion', `Quiver reads CycloneDX 1.4 to 1.6, got ${JSON.stringify(doc.specVersion)}`);
    }
    if (doc.components !== undefined && !Array.isArray(doc.components))
        throw new InventoryError('$.components', 'must be a list');
    const out = [];
    const total = doc.components?.length ?? 0;
    const walk = (components, path) => {
        components.forEach((component, index) => {
            const where = `${path}[${index}]`;
            if (component === null || typeof component !== 'object')
                throw new InventoryError(where, 'must be an object');
            if (typeof component.name !== 'string' || component.name === '')
                throw new InventoryError(`${where}.name`, 'a component needs a name');
            if (component.version !== undefined && typeof component.version !== 'string')
                throw new InventoryError(`${where}.version`, 'must be a string');
            if (typeof component.version === 'string' && component.version !== '') {
                const group = typeof component.group === 'string' && component.group !== '' ? `${component.group}/` : '';
                out.push({ name: `${group}${component.name}`, version: component.version });
            }
            if (component.components !== undefined) {
                if (!Array.isArray(component.components))
                    throw new InventoryError(`${where}.components`, 'must be a list');
                walk(component.components, `${where}.components`);
            }
            if (onProgress && path === '$.components' && index % 500 === 0)
                onProgress(index + 1, total);
        });
    };
    walk(doc.components ?? [], '$.components');
    onProgress?.(total, total);
    return out;
}
/** SPDX 2.3 JSON: every package with a `versionInfo` (the document's own root package usually has none). */
export function parseSpdx(content, onProgress) {
    const doc = parseJson(content);
    if (doc === null ||
        typeof doc !== 'object' ||
        typeof doc.spdxVersion !== 'string' ||
        !doc.spdxVersion.startsWith('SPDX-2.')) {
        throw new InventoryError('$.spdxVersion', `must be an SPDX 2.x version such as "SPDX-2.3", got ${JSON.stringify(doc?.spdxVersion)}`);
    }
    if (doc.packages !== undefined && !Array.isArray(doc.packages))
        throw new InventoryError('$.packages', 'must be a list');
    const packages = doc.packages ?? [];
    const out = [];
    packages.forEach((pkg, index) => {
        const where = `$.packages[${index}]`;
        if (pkg === null || typeof pkg !== 'object')
            throw new InventoryError(where, 'must be an object');
        if (typeof pkg.name !== 'string' || pkg.name === '')
            throw new InventoryError(`${where}.name`, 'a package needs a name');
        if (pkg.versionInfo !== undefined && typeof pkg.versionInfo !== 'string')
            throw new InventoryError(`${where}.versionInfo`, 'must be a string');
        if (typeof pkg.versionInfo === 'string' && pkg.versionInfo !== '')
            out.push({ name: pkg.name, version: pkg.versionInfo });
        if (onProgress && index % 500 === 0)
            onProgress(index + 1, packages.length);
    });
    onProgress?.(packages.length, packages.length);
    return out;
}
export function parseInventory(format, content, onProgress) {
    switch (format) {
        case 'dpkg':
            return parseDpkg(content, onProgress);
        case 'rpm':
            return parseRpm(content, onProgress);
        case 'cyclonedx':
            return parseCycloneDx(content, onProgress);
        case 'spdx':
            return parseSpdx(content, onProgress);
    }
}
//# sourceMappingURL=inventory.js.map