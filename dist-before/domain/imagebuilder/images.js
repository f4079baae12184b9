import { ownedScope } from '../shared/caller.js';
import { invalid, notFound } from '../shared/errors.js';
import { InventoryError, parseInventory } from './inventory.js';
/** How AWS writes an image's name into its ARN: lower case, anything else a dash. */
export const arnNameOf = (name) => name.toLowerCase().replace(/[^a-z0-9-_]/g, '-');
export const imageVersionText = (key) => `${key.major}.${key.minor}.${key.patch}`;
export const buildVersionArn = (key) => `arn:aws:imagebuilder:${key.region}:${key.accountId}:image/${key.arnName}/${imageVersionText(key)}/${key.build}`;
export const versionArn = (key) => `arn:aws:imagebuilder:${key.region}:${key.accountId}:image/${key.arnName}/${imageVersionText(key)}`;
export function parseImageArn(arn) {
    const match = /^arn:aws[^:]*:imagebuilder:([^:]+):(\d{12}):image\/([a-z0-9-_]+)(?:\/(x|\d+)\.(x|\d+)\.(x|\d+)(?:\/(\d+))?)?$/.exec(arn);
    if (!match)
        return undefined;
    const node = (text) => (text === undefined || text === 'x' ? undefined : Number(text));
    return {
        scope: { region: match[1], accountId: match[2] },
        arnName: match[3],
        major: node(match[4]),
        minor: node(match[5]),
        patch: node(match[6]),
        build: node(match[7]),
    };
}
const imageNotFound = (arn) => notFound('image', arn, `The image ${arn} does not exist.`);
const compare = (a, b) => a.major - b.major || a.minor - b.minor || a.patch - b.patch || a.build - b.build;
export class Images {
    store;
    constructor(store) {
        this.store = store;
    }
    scope(caller) {
        return { accountId: caller.accountId, region: caller.region };
    }
    checkOwner(caller, parsed, arn, action) {
        ownedScope(caller, parsed.scope.accountId, `imagebuilder:${action}`, arn);
    }
    /** Parses the inventory first (nothing is written if it is unreadable), then records the next build. */
    async import(caller, request, now) {
        const [major, minor, patch] = request.semanticVersion.split('.').map(Number);
        if ([major, minor, patch].some((node) => node > 2 ** 30 - 1))
            throw invalid('semanticVersion: each node must be at most 1073741823.');
        let packages;
        try {
            packages = parseInventory(request.inventory.format, request.inventory.content).map((pkg, i) => ({
                position: i + 1,
                ...pkg,
            }));
        }
        catch (error) {
            if (error instanceof InventoryError)
                throw invalid(`The ${request.inventory.format} inventory cannot be read: ${error.message}`);
            throw error;
        }
        const base = { ...this.scope(caller), arnName: arnNameOf(request.name), major, minor, patch };
        return this.store.write(async (tx) => {
            const build = (await tx.lastImageBuild(base)) + 1;
            const image = {
                ...base,
                build,
                name: request.name,
                imageType: request.imageType ?? 'AMI',
                platform: request.platform,
                osVersion: request.osVersion,
                description: request.description,
                packageCount: packages.length,
                createdAt: now,
            };
            if (!(await tx.insertImage(image, packages)))
                throw invalid(`Build ${build} of ${versionArn(base)} was created concurrently; retry.`);
            if (request.tags)
                await tx.putTags(buildVersionArn(image), Object.entries(request.tags).map(([key, value]) => ({ key, value })));
            return image;
        });
    }
    /** The newest build matching a build ARN, or a version ARN with `x` wildcards (as GetImage resolves them). */
    async resolve(caller, arn, action) {
        const parsed = parseImageArn(arn);
        if (!parsed)
            throw invalid(`The value supplied for parameter 'imageBuildVersionArn' is not valid: ${arn}`);
        this.checkOwner(caller, parsed, arn, action);
        if (parsed.scope.region !== caller.region)
            throw imageNotFound(arn);
        if (parsed.major === undefined && (parsed.minor !== undefined || parsed.patch !== undefined)) {
            throw invalid(`Invalid version wildcard in ${arn}: after an x, every node must be x.`);
        }
        if (parsed.minor === undefined && parsed.patch !== undefined)
            throw invalid(`Invalid version wildcard in ${arn}: after an x, every node must be x.`);
        const all = await this.allBuilds(caller, parsed.arnName);
        const matching = all.filter((image) => (parsed.major === undefined || image.major === parsed.major) &&
            (parsed.minor === undefined || image.minor === parsed.minor) &&
            (parsed.patch === undefined || image.patch === parsed.patch) &&
            (parsed.build === undefined || image.build === parsed.build));
        const image = matching.sort(compare).pop();
        if (!image)
            throw imageNotFound(arn);
        return { image, all };
    }
    async allBuilds(caller, arnName) {
        const out = [];
        let after;
        for (;;) {
            const page = await this.store.read((tx) => tx.listImages({ ...this.scope(caller), arnName }, after, 1000));
            out.push(...page);
            if (page.length < 1000)
                return out;
            after = page[page.length - 1];
        }
    }
    /** GetImage's latestVersionReferences: the newest build overall, in its major, in its minor, in its patch. */
    latestReferences(image, all) {
        const newest = (keep) => {
            const found = all.filter(keep).sort(compare).pop();
            return found && buildVersionArn(found);
        };
        return {
            latestVersionArn: newest(() => true),
            latestMajorVersionArn: newest((c) => c.major === image.major),
            latestMinorVersionArn: newest((c) => c.major === image.major && c.minor === image.minor),
            latestPatchVersionArn: newest((c) => c.major === image.major && c.minor === image.minor && c.patch === image.patch),
        };
    }
    /** ListImagePackages: the build must exist; paged by import position (the order the tool printed). */
    async packages(caller, arn, afterPosition, limit) {
        const parsed = parseImageArn(arn);
        if (!parsed ||
            parsed.build === undefined ||
            parsed.major === undefined ||
            parsed.minor === undefined ||
            parsed.patch === undefined) {
            throw invalid(`The value supplied for parameter 'imageBuildVersionArn' is not valid: ${arn} is not an image build version ARN.`);
        }
        this.checkOwner(caller, parsed, arn, 'ListImagePackages');
        const key = {
            ...parsed.scope,
            arnName: parsed.arnName,
            major: parsed.major,
            minor: parsed.minor,
            patch: parsed.patch,
            build: parsed.build,
        };
        return this.store.read(async (tx) => {
            if (parsed.scope.region !== caller.region || !(await tx.getImage(key)))
                throw imageNotFound(arn);
            return tx.listImagePackages(key, afterPosition, limit);
        });
    }
    async list(caller, filter, after, limit) {
        return this.store.read((tx) => tx.listImages({ ...this.scope(caller), ...filter }, after, limit));
    }
    async delete(caller, arn) {
        const { image } = await this.resolve(caller, arn, 'DeleteImage');
        if (parseImageArn(arn)?.build === undefined)
            throw invalid(`DeleteImage takes an image build version ARN, not ${arn}.`);
        await this.store.write(async (tx) => {
            await tx.deleteImage(image);
            await tx.deleteAllTags(buildVersionArn(image));
        });
        return image;
    }
    async find(caller, name, version, after, limit) {
        return this.store.read((tx) => tx.findImagesByPackage(this.scope(caller), name, version, after, limit));
    }
    async tagsOf(image) {
        const tags = await this.store.read((tx) => tx.getTags(buildVersionArn(image)));
        return Object.fromEntries(tags.map((tag) => [tag.key, tag.value]));
    }
    async requireTaggable(caller, arn) {
        const parsed = parseImageArn(arn);
        if (!parsed || parsed.build === undefined)
            throw notFound('resource', arn, `Resource ${arn} not found: Quiver tags image build versions.`);
        await this.resolve(caller, arn, 'TagResource');
    }
    async tag(caller, arn, tags) {
        await this.requireTaggable(caller, arn);
        await this.store.write(async (tx) => {
            const keys = new Set([...(await tx.getTags(arn)).map((t) => t.key), ...Object.keys(tags)]);
            if (keys.size > 50)
                throw invalid(`A resource can have at most 50 tags; ${arn} would have ${keys.size}.`);
            await tx.putTags(arn, Object.entries(tags).map(([key, value]) => ({ key, value })));
        });
    }
    async untag(caller, arn, keys) {
        await this.requireTaggable(caller, arn);
        await this.store.write((tx) => tx.removeTags(arn, keys));
    }
    async listTags(caller, arn) {
        await this.requireTaggable(caller, arn);
        return Object.fromEntries((await this.store.read((tx) => tx.getTags(arn))).map((tag) => [tag.key, tag.value]));
    }
}
//# sourceMappingURL=images.js.map