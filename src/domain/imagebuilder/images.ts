// Image build versions registered from inventories. Quiver builds no images: a team imports what its tools
// saw inside an image, and Quiver answers Image Builder's read API over it. Each import of a name and
// semantic version gets the next build number; a build, once imported, never changes.
import type {
  ImageFilter,
  ImageKey,
  ImagePackageMatch,
  ImagePackageRecord,
  ImageRecord,
  Scope,
} from '../../store/records.js';
import type { ImageTx, Store, TagTx } from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { ownedScope } from '../shared/caller.js';
import { invalid, notFound } from '../shared/errors.js';
import { InventoryError, parseInventory, type InventoryFormat } from './inventory.js';

/** How AWS writes an image's name into its ARN: lower case, anything else a dash. */
export const arnNameOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9-_]/g, '-');

export const imageVersionText = (key: Pick<ImageKey, 'major' | 'minor' | 'patch'>) =>
  `${key.major}.${key.minor}.${key.patch}`;

export const buildVersionArn = (key: ImageKey) =>
  `arn:aws:imagebuilder:${key.region}:${key.accountId}:image/${key.arnName}/${imageVersionText(key)}/${key.build}`;

export const versionArn = (key: Omit<ImageKey, 'build'>) =>
  `arn:aws:imagebuilder:${key.region}:${key.accountId}:image/${key.arnName}/${imageVersionText(key)}`;

/** A parsed image ARN: a build version, or a version whose nodes may be `x` wildcards. */
export interface ParsedImageArn {
  scope: Scope;
  arnName: string;
  major?: number;
  minor?: number;
  patch?: number;
  build?: number;
}

export function parseImageArn(arn: string): ParsedImageArn | undefined {
  const match =
    /^arn:aws:imagebuilder:([^:]+):(\d{12}):image\/([a-z0-9-_]+)(?:\/(x|\d+)\.(x|\d+)\.(x|\d+)(?:\/(\d+))?)?$/.exec(
      arn,
    );
  if (!match) return undefined;
  const node = (text: string | undefined) => (text === undefined || text === 'x' ? undefined : Number(text));
  return {
    scope: { region: match[1]!, accountId: match[2]! },
    arnName: match[3]!,
    major: node(match[4]),
    minor: node(match[5]),
    patch: node(match[6]),
    build: node(match[7]),
  };
}

const imageNotFound = (arn: string) => notFound('image', arn, `The image ${arn} does not exist.`);
const compare = (a: ImageRecord, b: ImageRecord) =>
  a.major - b.major || a.minor - b.minor || a.patch - b.patch || a.build - b.build;

export interface ImportRequest {
  name: string;
  semanticVersion: string;
  platform: string;
  osVersion?: string;
  description?: string;
  imageType?: 'AMI' | 'DOCKER';
  tags?: Record<string, string>;
  inventory: { format: InventoryFormat; content: string };
}

export class Images {
  constructor(private readonly store: Store<ImageTx & TagTx>) {}

  private scope(caller: Caller): Scope {
    return { accountId: caller.accountId, region: caller.region };
  }

  private checkOwner(caller: Caller, parsed: ParsedImageArn, arn: string, action: string): void {
    ownedScope(caller, parsed.scope.accountId, `imagebuilder:${action}`, arn);
  }

  /** Parses the inventory first (nothing is written if it is unreadable), then records the next build. */
  async import(caller: Caller, request: ImportRequest, now: number): Promise<ImageRecord> {
    const [major, minor, patch] = request.semanticVersion.split('.').map(Number) as [number, number, number];
    if ([major, minor, patch].some((node) => node > 2 ** 30 - 1))
      throw invalid('semanticVersion: each node must be at most 1073741823.');
    let packages: ImagePackageRecord[];
    try {
      packages = parseInventory(request.inventory.format, request.inventory.content).map((pkg, i) => ({
        position: i + 1,
        ...pkg,
      }));
    } catch (error) {
      if (error instanceof InventoryError)
        throw invalid(`The ${request.inventory.format} inventory cannot be read: ${error.message}`);
      throw error;
    }
    const base = { ...this.scope(caller), arnName: arnNameOf(request.name), major, minor, patch };
    return this.store.write(async (tx) => {
      const build = (await tx.lastImageBuild(base)) + 1;
      const image: ImageRecord = {
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
        await tx.putTags(
          buildVersionArn(image),
          Object.entries(request.tags).map(([key, value]) => ({ key, value })),
        );
      return image;
    });
  }

  /** The newest build matching a build ARN, or a version ARN with `x` wildcards (as GetImage resolves them). */
  async resolve(caller: Caller, arn: string, action: string): Promise<{ image: ImageRecord; all: ImageRecord[] }> {
    const parsed = parseImageArn(arn);
    if (!parsed) throw invalid(`The value supplied for parameter 'imageBuildVersionArn' is not valid: ${arn}`);
    this.checkOwner(caller, parsed, arn, action);
    if (parsed.scope.region !== caller.region) throw imageNotFound(arn);
    if (parsed.major === undefined && (parsed.minor !== undefined || parsed.patch !== undefined)) {
      throw invalid(`Invalid version wildcard in ${arn}: after an x, every node must be x.`);
    }
    if (parsed.minor === undefined && parsed.patch !== undefined)
      throw invalid(`Invalid version wildcard in ${arn}: after an x, every node must be x.`);
    const all = await this.allBuilds(caller, parsed.arnName);
    const matching = all.filter(
      (image) =>
        (parsed.major === undefined || image.major === parsed.major) &&
        (parsed.minor === undefined || image.minor === parsed.minor) &&
        (parsed.patch === undefined || image.patch === parsed.patch) &&
        (parsed.build === undefined || image.build === parsed.build),
    );
    const image = matching.sort(compare).pop();
    if (!image) throw imageNotFound(arn);
    return { image, all };
  }

  private async allBuilds(caller: Caller, arnName: string): Promise<ImageRecord[]> {
    const out: ImageRecord[] = [];
    let after: ImageKey | undefined;
    for (;;) {
      const page = await this.store.read((tx) => tx.listImages({ ...this.scope(caller), arnName }, after, 1000));
      out.push(...page);
      if (page.length < 1000) return out;
      after = page[page.length - 1];
    }
  }

  /** GetImage's latestVersionReferences: the newest build overall, in its major, in its minor, in its patch. */
  latestReferences(image: ImageRecord, all: ImageRecord[]) {
    const newest = (keep: (candidate: ImageRecord) => boolean) => {
      const found = all.filter(keep).sort(compare).pop();
      return found && buildVersionArn(found);
    };
    return {
      latestVersionArn: newest(() => true),
      latestMajorVersionArn: newest((c) => c.major === image.major),
      latestMinorVersionArn: newest((c) => c.major === image.major && c.minor === image.minor),
      latestPatchVersionArn: newest(
        (c) => c.major === image.major && c.minor === image.minor && c.patch === image.patch,
      ),
    };
  }

  /** ListImagePackages: the build must exist; paged by import position (the order the tool printed). */
  async packages(caller: Caller, arn: string, afterPosition: number, limit: number): Promise<ImagePackageRecord[]> {
    const key = this.buildVersionKey(caller, arn, 'ListImagePackages');
    return this.store.read(async (tx) => {
      if (key.region !== caller.region || !(await tx.getImage(key))) throw imageNotFound(arn);
      return tx.listImagePackages(key, afterPosition, limit);
    });
  }

  /**
   * What ListImagePackages of a build version shows, as a stamp (migration 11: every write to its packages moves
   * it, and a build made again after a delete takes a new one); undefined when there is no such image. The same
   * checks as packages(), in the same order.
   */
  async packagesStamp(caller: Caller, arn: string): Promise<string | undefined> {
    const key = this.buildVersionKey(caller, arn, 'ListImagePackages');
    if (key.region !== caller.region) return undefined;
    const stamp = await this.store.read((tx) => tx.imageStamp(key));
    return stamp === undefined ? undefined : String(stamp);
  }

  private buildVersionKey(caller: Caller, arn: string, action: string): ImageKey {
    const parsed = parseImageArn(arn);
    if (
      !parsed ||
      parsed.build === undefined ||
      parsed.major === undefined ||
      parsed.minor === undefined ||
      parsed.patch === undefined
    ) {
      throw invalid(
        `The value supplied for parameter 'imageBuildVersionArn' is not valid: ${arn} is not an image build version ARN.`,
      );
    }
    this.checkOwner(caller, parsed, arn, action);
    return {
      ...parsed.scope,
      arnName: parsed.arnName,
      major: parsed.major,
      minor: parsed.minor,
      patch: parsed.patch,
      build: parsed.build,
    };
  }

  /** An image version ARN a list is filtered by must be the caller's, as for GetImage (QA L4: 403, not an empty list). */
  checkListedArn(caller: Caller, arn: string, action: string): void {
    const parsed = parseImageArn(arn);
    if (parsed) this.checkOwner(caller, parsed, arn, action);
  }

  async list(
    caller: Caller,
    filter: Omit<ImageFilter, 'accountId' | 'region'>,
    after: ImageKey | undefined,
    limit: number,
  ): Promise<ImageRecord[]> {
    return this.store.read((tx) => tx.listImages({ ...this.scope(caller), ...filter }, after, limit));
  }

  async delete(caller: Caller, arn: string): Promise<ImageRecord> {
    const { image } = await this.resolve(caller, arn, 'DeleteImage');
    if (parseImageArn(arn)?.build === undefined)
      throw invalid(`DeleteImage takes an image build version ARN, not ${arn}.`);
    await this.store.write(async (tx) => {
      await tx.deleteImage(image);
      await tx.deleteAllTags(buildVersionArn(image));
    });
    return image;
  }

  async find(
    caller: Caller,
    name: string,
    version: string | undefined,
    after: { key: ImageKey; position: number } | undefined,
    limit: number,
  ): Promise<ImagePackageMatch[]> {
    return this.store.read((tx) => tx.findImagesByPackage(this.scope(caller), name, version, after, limit));
  }

  async tagsOf(image: ImageRecord): Promise<Record<string, string>> {
    const tags = await this.store.read((tx) => tx.getTags(buildVersionArn(image)));
    return Object.fromEntries(tags.map((tag) => [tag.key, tag.value]));
  }

  private async requireTaggable(caller: Caller, arn: string, action = 'TagResource'): Promise<void> {
    const parsed = parseImageArn(arn);
    if (!parsed || parsed.build === undefined)
      throw notFound('resource', arn, `Resource ${arn} not found: Quiver tags image build versions.`);
    await this.resolve(caller, arn, action);
  }

  async tag(caller: Caller, arn: string, tags: Record<string, string>): Promise<void> {
    await this.requireTaggable(caller, arn);
    await this.store.write(async (tx) => {
      const keys = new Set([...(await tx.getTags(arn)).map((t) => t.key), ...Object.keys(tags)]);
      if (keys.size > 50) throw invalid(`A resource can have at most 50 tags; ${arn} would have ${keys.size}.`);
      await tx.putTags(
        arn,
        Object.entries(tags).map(([key, value]) => ({ key, value })),
      );
    });
  }

  async untag(caller: Caller, arn: string, keys: string[]): Promise<void> {
    await this.requireTaggable(caller, arn);
    await this.store.write((tx) => tx.removeTags(arn, keys));
  }

  async listTags(caller: Caller, arn: string): Promise<Record<string, string>> {
    await this.requireTaggable(caller, arn, 'ListTagsForResource');
    return Object.fromEntries((await this.store.read((tx) => tx.getTags(arn))).map((tag) => [tag.key, tag.value]));
  }
}
