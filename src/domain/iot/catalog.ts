// AWS IoT Software Package Catalog: packages and their versions, with the lifecycle of the developer guide:
//   DRAFT --PUBLISH--> PUBLISHED --DEPRECATE--> DEPRECATED --PUBLISH--> PUBLISHED; nothing returns to DRAFT.
// Attributes, artifact and recipe change only in DRAFT; the description (and tags) always. The package's
// default version cannot be deleted until unset or replaced; a package with versions cannot be deleted.
import type {
  IotPackageRecord,
  IotVersionDocument,
  IotVersionRecord,
  IotVersionSummaryRecord,
  IotVersionStatus,
  Scope,
} from '../../store/records.js';
import type { IotTx, SettingTx, Store, TagTx } from '../../store/store.js';
import { readObject, ObjectLocationError } from '../codeartifact/object-location.js';
import type { PackageVersions } from '../codeartifact/versions.js';
import type { Caller } from '../shared/caller.js';
import { ownedScope } from '../shared/caller.js';
import { conflict, invalid, notFound, quotaExceeded } from '../shared/errors.js';

export const MAX_ATTRIBUTE_BYTES = 3 * 1024;
export const MAX_TAGS = 50;

export const iotPackageArn = (scope: Scope, name: string) =>
  `arn:aws:iot:${scope.region}:${scope.accountId}:package/${name}`;
export const iotVersionArn = (scope: Scope, name: string, version: string) =>
  `${iotPackageArn(scope, name)}/version/${version}`;

const TRANSITIONS: Record<string, Partial<Record<IotVersionStatus, IotVersionStatus>>> = {
  PUBLISH: { DRAFT: 'PUBLISHED', DEPRECATED: 'PUBLISHED' },
  DEPRECATE: { PUBLISHED: 'DEPRECATED' },
};

const packageNotFound = (name: string) => notFound('package', name, `Package ${name} not found.`);
const versionNotFound = (name: string, version: string) =>
  notFound('package-version', version, `Package version ${version} of package ${name} not found.`);

function checkAttributes(attributes: Record<string, string> | undefined): void {
  if (!attributes) return;
  const bytes = Object.entries(attributes).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
  if (bytes > MAX_ATTRIBUTE_BYTES) {
    throw invalid(
      `attributes: the attributes of a package version may total at most ${MAX_ATTRIBUTE_BYTES} bytes; these total ${bytes}.`,
    );
  }
}

export interface VersionChanges {
  description?: string;
  attributes?: Record<string, string>;
  artifact?: IotVersionDocument['artifact'];
  recipe?: string;
  action?: 'PUBLISH' | 'DEPRECATE';
}

export class IotPackages {
  constructor(
    private readonly store: Store<IotTx & TagTx & SettingTx>,
    private readonly assets: PackageVersions,
  ) {}

  scope(caller: Caller): Scope {
    return { accountId: caller.accountId, region: caller.region };
  }

  async createPackage(
    caller: Caller,
    name: string,
    description: string | undefined,
    tags: Record<string, string>,
    now: number,
  ): Promise<IotPackageRecord> {
    const scope = this.scope(caller);
    const record: IotPackageRecord = { ...scope, name, description, createdAt: now, updatedAt: now };
    return this.store.write(async (tx) => {
      if (!(await tx.insertIotPackage(record))) throw conflict('package', name, `Package ${name} already exists.`);
      await tx.putTags(
        iotPackageArn(scope, name),
        Object.entries(tags).map(([key, value]) => ({ key, value })),
      );
      return record;
    });
  }

  async getPackage(caller: Caller, name: string): Promise<IotPackageRecord> {
    const found = await this.store.read((tx) => tx.getIotPackage(this.scope(caller), name));
    if (!found) throw packageNotFound(name);
    return found;
  }

  async updatePackage(
    caller: Caller,
    name: string,
    changes: { description?: string; defaultVersionName?: string; unsetDefaultVersion?: boolean },
    now: number,
  ): Promise<void> {
    if (changes.defaultVersionName !== undefined && changes.unsetDefaultVersion === true) {
      throw invalid('defaultVersionName and unsetDefaultVersion cannot be used together.');
    }
    const scope = this.scope(caller);
    await this.store.write(async (tx) => {
      const record = await tx.getIotPackage(scope, name);
      if (!record) throw packageNotFound(name);
      let defaultVersion = record.defaultVersion;
      if (changes.unsetDefaultVersion === true) defaultVersion = undefined;
      if (changes.defaultVersionName !== undefined) {
        const version = await tx.getIotVersion(scope, name, changes.defaultVersionName);
        if (!version) throw versionNotFound(name, changes.defaultVersionName);
        if (version.status === 'DRAFT') {
          throw conflict(
            'package-version',
            version.name,
            `Version ${version.name} is a DRAFT: only a PUBLISHED or DEPRECATED version can be the default.`,
          );
        }
        defaultVersion = version.name;
      }
      await tx.updateIotPackage({
        ...record,
        description: changes.description ?? record.description,
        defaultVersion,
        updatedAt: now,
      });
    });
  }

  /** Deleting a missing package succeeds (the operation is idempotent; AWS models no ResourceNotFound for it). */
  async deletePackage(caller: Caller, name: string): Promise<void> {
    const scope = this.scope(caller);
    await this.store.write(async (tx) => {
      const versions = await tx.countIotVersions(scope, name);
      if (versions > 0)
        throw invalid(
          `Package ${name} still has ${versions} versions: all package versions must be deleted before deleting the software package.`,
        );
      if (await tx.deleteIotPackage(scope, name)) await tx.deleteAllTags(iotPackageArn(scope, name));
    });
  }

  async listPackages(caller: Caller, afterName: string | undefined, limit: number): Promise<IotPackageRecord[]> {
    return this.store.read((tx) => tx.listIotPackages(this.scope(caller), afterName, limit));
  }

  async createVersion(
    caller: Caller,
    packageName: string,
    name: string,
    fields: {
      description?: string;
      attributes?: Record<string, string>;
      artifact?: IotVersionDocument['artifact'];
      recipe?: string;
      tags: Record<string, string>;
    },
    now: number,
  ): Promise<IotVersionRecord> {
    checkAttributes(fields.attributes);
    const scope = this.scope(caller);
    return this.store.write(async (tx) => {
      if (!(await tx.getIotPackage(scope, packageName))) throw packageNotFound(packageName);
      const record: IotVersionRecord = {
        ...scope,
        packageName,
        name,
        status: 'DRAFT',
        createdAt: now,
        updatedAt: now,
        document: {
          description: fields.description,
          attributes: fields.attributes,
          artifact: fields.artifact,
          recipe: fields.recipe,
        },
      };
      if (!(await tx.insertIotVersion(record)))
        throw conflict('package-version', name, `Package version ${name} of package ${packageName} already exists.`);
      await tx.putTags(
        iotVersionArn(scope, packageName, name),
        Object.entries(fields.tags).map(([key, value]) => ({ key, value })),
      );
      return record;
    });
  }

  async getVersion(caller: Caller, packageName: string, name: string): Promise<IotVersionRecord> {
    const found = await this.store.read((tx) => tx.getIotVersion(this.scope(caller), packageName, name));
    if (!found) throw versionNotFound(packageName, name);
    return found;
  }

  async updateVersion(
    caller: Caller,
    packageName: string,
    name: string,
    changes: VersionChanges,
    now: number,
  ): Promise<void> {
    checkAttributes(changes.attributes);
    const scope = this.scope(caller);
    await this.store.write(async (tx) => {
      const record = await tx.getIotVersion(scope, packageName, name);
      if (!record) throw versionNotFound(packageName, name);
      const frozen = (['attributes', 'artifact', 'recipe'] as const).filter((field) => changes[field] !== undefined);
      if (frozen.length > 0 && record.status !== 'DRAFT') {
        throw conflict(
          'package-version',
          name,
          `Version ${name} is ${record.status}: ${frozen.join(', ')} can change only while a version is DRAFT; the description can always change.`,
        );
      }
      let status = record.status;
      if (changes.action !== undefined) {
        const next = TRANSITIONS[changes.action]?.[record.status];
        if (!next)
          throw conflict(
            'package-version',
            name,
            `Version ${name} is ${record.status}: action ${changes.action} is not allowed from that status.`,
          );
        status = next;
      }
      const document: IotVersionDocument = {
        ...record.document,
        description: changes.description ?? record.document.description,
        attributes: changes.attributes ?? record.document.attributes,
        artifact: changes.artifact ?? record.document.artifact,
        recipe: changes.recipe ?? record.document.recipe,
      };
      await tx.updateIotVersion({ ...record, status, document, updatedAt: now });
    });
  }

  /** Any status may be deleted, except the package's default version; a missing version deletes quietly. */
  async deleteVersion(caller: Caller, packageName: string, name: string): Promise<void> {
    const scope = this.scope(caller);
    await this.store.write(async (tx) => {
      const pkg = await tx.getIotPackage(scope, packageName);
      if (pkg?.defaultVersion === name) {
        throw invalid(
          `Version ${name} is the default version of package ${packageName}: unset it (UpdatePackage unsetDefaultVersion) or name another default first.`,
        );
      }
      if (await tx.deleteIotVersion(scope, packageName, name))
        await tx.deleteAllTags(iotVersionArn(scope, packageName, name));
    });
  }

  /** An unknown package lists nothing (the seed models no ResourceNotFound for ListPackageVersions). */
  async listVersions(
    caller: Caller,
    packageName: string,
    status: IotVersionStatus | undefined,
    afterName: string | undefined,
    limit: number,
  ): Promise<IotVersionRecord[]> {
    return this.store.read((tx) => tx.listIotVersions(this.scope(caller), packageName, status, afterName, limit));
  }

  /**
   * What ListPackageVersions of a package shows, as a stamp (migration 11: every write to its versions moves it);
   * undefined for an unknown package, which lists nothing and has nothing to validate a kept page by.
   */
  async versionsStamp(caller: Caller, packageName: string): Promise<string | undefined> {
    const stamp = await this.store.read((tx) => tx.iotPackageStamp(this.scope(caller), packageName));
    return stamp === undefined ? undefined : String(stamp);
  }

  /** listVersions without the documents (ListPackageVersions shows none of them). */
  async listVersionSummaries(
    caller: Caller,
    packageName: string,
    status: IotVersionStatus | undefined,
    afterName: string | undefined,
    limit: number,
  ): Promise<IotVersionSummaryRecord[]> {
    return this.store.read((tx) =>
      tx.listIotVersionSummaries(this.scope(caller), packageName, status, afterName, limit),
    );
  }

  /**
   * AssociateSbomWithPackageVersion. Quiver reads the SBOM from a CodeArtifact generic asset and validates it as
   * SPDX or CycloneDX JSON; any other location fails validation with a message saying where Quiver reads from.
   */
  async associateSbom(
    caller: Caller,
    packageName: string,
    name: string,
    sbom: NonNullable<IotVersionDocument['sbom']>,
    now: number,
  ): Promise<IotVersionRecord> {
    const scope = this.scope(caller);
    const location = sbom.s3Location ?? {};
    let result: NonNullable<IotVersionDocument['sbomValidationResults']>[number];
    try {
      const bytes = await readObject(this.assets, caller, location.bucket, location.key);
      result = validateSbom(location.key ?? 'sbom', bytes);
    } catch (error) {
      if (!(error instanceof ObjectLocationError)) throw error;
      result = {
        fileName: location.key,
        validationResult: 'FAILED',
        errorCode: 'INCOMPATIBLE_FORMAT',
        errorMessage: error.message,
      };
    }
    return this.store.write(async (tx) => {
      const record = await tx.getIotVersion(scope, packageName, name);
      if (!record) throw versionNotFound(packageName, name);
      const updated: IotVersionRecord = {
        ...record,
        updatedAt: now,
        document: {
          ...record.document,
          sbom,
          sbomValidationStatus: result.validationResult,
          sbomValidationResults: [result],
        },
      };
      await tx.updateIotVersion(updated);
      return updated;
    });
  }

  async disassociateSbom(caller: Caller, packageName: string, name: string, now: number): Promise<void> {
    const scope = this.scope(caller);
    await this.store.write(async (tx) => {
      const record = await tx.getIotVersion(scope, packageName, name);
      if (!record) throw versionNotFound(packageName, name);
      const { sbom: _sbom, sbomValidationStatus: _status, sbomValidationResults: _results, ...rest } = record.document;
      await tx.updateIotVersion({ ...record, document: rest, updatedAt: now });
    });
  }

  async configuration(caller: Caller): Promise<{ enabled?: boolean; roleArn?: string }> {
    const scope = this.scope(caller);
    const stored = await this.store.read((tx) =>
      tx.getSetting(`iot_package_configuration:${scope.accountId}:${scope.region}`),
    );
    return stored ? (JSON.parse(stored) as { enabled?: boolean; roleArn?: string }) : { enabled: false };
  }

  async updateConfiguration(caller: Caller, config: { enabled?: boolean; roleArn?: string }): Promise<void> {
    if (config.enabled === true && !config.roleArn)
      throw invalid('versionUpdateByJobsConfig.roleArn is required when enabled is true.');
    const scope = this.scope(caller);
    await this.store.write((tx) =>
      tx.setSetting(`iot_package_configuration:${scope.accountId}:${scope.region}`, JSON.stringify(config)),
    );
  }

  /** `action` is named in an AccessDenied message (QA L3: ListTagsForResource is not TagResource). */
  private async requireTaggable(caller: Caller, arn: string, action = 'TagResource'): Promise<void> {
    const match = /^arn:aws:iot:([^:]+):(\d{12}):package\/([a-zA-Z0-9-_.]+)(?:\/version\/([a-zA-Z0-9-_.]+))?$/.exec(
      arn,
    );
    if (!match)
      throw notFound(
        'resource',
        arn,
        `Resource ${arn} not found: Quiver tags IoT software packages and package versions.`,
      );
    ownedScope(caller, match[2], `iot:${action}`, arn);
    const scope = this.scope(caller);
    const exists =
      match[1] === scope.region &&
      (match[4] === undefined
        ? await this.store.read((tx) => tx.getIotPackage(scope, match[3]!))
        : await this.store.read((tx) => tx.getIotVersion(scope, match[3]!, match[4]!)));
    if (!exists) throw notFound('resource', arn, `Resource ${arn} not found.`);
  }

  async tag(caller: Caller, arn: string, tags: { key: string; value: string }[]): Promise<void> {
    await this.requireTaggable(caller, arn);
    await this.store.write(async (tx) => {
      const keys = new Set([...(await tx.getTags(arn)).map((tag) => tag.key), ...tags.map((tag) => tag.key)]);
      if (keys.size > MAX_TAGS)
        throw quotaExceeded(
          'resource',
          arn,
          `A resource can have at most ${MAX_TAGS} tags; ${arn} would have ${keys.size}.`,
        );
      await tx.putTags(arn, tags);
    });
  }

  async untag(caller: Caller, arn: string, keys: string[]): Promise<void> {
    await this.requireTaggable(caller, arn);
    await this.store.write((tx) => tx.removeTags(arn, keys));
  }

  async listTags(caller: Caller, arn: string): Promise<{ key: string; value: string }[]> {
    await this.requireTaggable(caller, arn, 'ListTagsForResource');
    return this.store.read((tx) => tx.getTags(arn));
  }
}

/** SPDX 2.x JSON (`spdxVersion`) or CycloneDX JSON (`bomFormat: "CycloneDX"`) passes; anything else fails. */
export function validateSbom(
  fileName: string,
  bytes: Buffer,
): NonNullable<IotVersionDocument['sbomValidationResults']>[number] {
  if (bytes.length > 2 * 1024 * 1024) {
    return {
      fileName,
      validationResult: 'FAILED',
      errorCode: 'FILE_SIZE_LIMIT_EXCEEDED',
      errorMessage: 'An SBOM may be at most 2 MB.',
    };
  }
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { spdxVersion?: unknown; bomFormat?: unknown };
    if (typeof parsed.spdxVersion === 'string' || parsed.bomFormat === 'CycloneDX')
      return { fileName, validationResult: 'SUCCEEDED' };
    return {
      fileName,
      validationResult: 'FAILED',
      errorCode: 'INCOMPATIBLE_FORMAT',
      errorMessage: 'Not an SPDX (spdxVersion) or CycloneDX (bomFormat) JSON document.',
    };
  } catch (error) {
    return {
      fileName,
      validationResult: 'FAILED',
      errorCode: 'INCOMPATIBLE_FORMAT',
      errorMessage: `Not JSON: ${(error as Error).message}`,
    };
  }
}
