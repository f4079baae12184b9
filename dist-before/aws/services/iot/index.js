// The IoT service adapter, for the Software Package Catalog operations (and IoT's tag operations on
// package resources). Every mutating operation honours `clientToken` (the SDKs fill one in).
import { AwsError } from '../../errors.js';
import { loadServiceModel } from '../../model.js';
import { DEFAULT_ERROR_NAMES, modelledError, } from '../../service.js';
import { iotPackageArn, iotVersionArn } from '../../../domain/iot/catalog.js';
import { CatalogError } from '../../../domain/shared/errors.js';
import { idempotent } from '../../../domain/shared/idempotency.js';
import { callerOf } from '../caller.js';
import { keysetPage } from '../paging.js';
const PAGE_SIZE = 25;
function iotError(error, operation) {
    if (!(error instanceof CatalogError))
        return undefined;
    switch (error.kind) {
        case 'NotFound':
            return new AwsError('ResourceNotFoundException', error.message);
        case 'Conflict':
            return new AwsError('ConflictException', error.message, { resourceId: error.resourceId });
        case 'QuotaExceeded':
            return new AwsError(modelledError(operation, ['ServiceQuotaExceededException', 'LimitExceededException']), error.message);
        case 'AccessDenied':
            return new AwsError('UnauthorizedException', error.message);
        case 'Invalid':
            return new AwsError(modelledError(operation, ['ValidationException', 'InvalidRequestException']), error.message);
    }
}
const packageSummary = (record) => ({
    packageName: record.name,
    defaultVersionName: record.defaultVersion,
    creationDate: new Date(record.createdAt),
    lastModifiedDate: new Date(record.updatedAt),
});
const versionSummary = (record) => ({
    packageName: record.packageName,
    versionName: record.name,
    status: record.status,
    creationDate: new Date(record.createdAt),
    lastModifiedDate: new Date(record.updatedAt),
});
export function iotService(catalog, store) {
    /**
     * Runs a mutation once per clientToken: a repeat with the same input replays the first result. `work`
     * declares the handler's output type: TypeScript checks an object literal for unknown members only there.
     */
    const once = (context, input, work) => {
        const { clientToken, ...rest } = input;
        const key = clientToken === undefined
            ? undefined
            : {
                accountId: context.accountId,
                region: context.region,
                service: 'iot',
                operation: context.operation,
                clientToken,
            };
        return idempotent(store, key, rest, context.now.getTime(), work);
    };
    const now = (context) => context.now.getTime();
    const handlers = {
        async CreatePackage(input, context) {
            return once(context, input, async () => {
                const record = await catalog.createPackage(callerOf(context), input.packageName, input.description, input.tags ?? {}, now(context));
                return {
                    packageName: record.name,
                    packageArn: iotPackageArn(record, record.name),
                    description: record.description,
                };
            });
        },
        async GetPackage(input, context) {
            const record = await catalog.getPackage(callerOf(context), input.packageName);
            return {
                ...packageSummary(record),
                packageArn: iotPackageArn(record, record.name),
                description: record.description,
            };
        },
        async UpdatePackage(input, context) {
            return once(context, input, async () => {
                await catalog.updatePackage(callerOf(context), input.packageName, input, now(context));
                return {};
            });
        },
        async DeletePackage(input, context) {
            return once(context, input, async () => {
                await catalog.deletePackage(callerOf(context), input.packageName);
                return {};
            });
        },
        async ListPackages(input, context) {
            const page = await keysetPage(context, { ...input, binding: {}, defaultSize: PAGE_SIZE }, (after, limit) => catalog.listPackages(callerOf(context), after, limit), (record) => record.name);
            return { packageSummaries: page.items.map(packageSummary), nextToken: page.nextToken };
        },
        async CreatePackageVersion(input, context) {
            return once(context, input, async () => {
                const record = await catalog.createVersion(callerOf(context), input.packageName, input.versionName, { ...input, tags: input.tags ?? {} }, now(context));
                return {
                    packageVersionArn: iotVersionArn(record, record.packageName, record.name),
                    packageName: record.packageName,
                    versionName: record.name,
                    description: record.document.description,
                    attributes: record.document.attributes,
                    status: record.status,
                    errorReason: record.document.errorReason,
                };
            });
        },
        async GetPackageVersion(input, context) {
            const record = await catalog.getVersion(callerOf(context), input.packageName, input.versionName);
            const doc = record.document;
            return {
                packageVersionArn: iotVersionArn(record, record.packageName, record.name),
                packageName: record.packageName,
                versionName: record.name,
                description: doc.description,
                attributes: doc.attributes,
                artifact: doc.artifact,
                status: record.status,
                errorReason: doc.errorReason,
                creationDate: new Date(record.createdAt),
                lastModifiedDate: new Date(record.updatedAt),
                sbom: doc.sbom,
                sbomValidationStatus: doc.sbomValidationStatus,
                recipe: doc.recipe,
            };
        },
        async UpdatePackageVersion(input, context) {
            return once(context, input, async () => {
                await catalog.updateVersion(callerOf(context), input.packageName, input.versionName, input, now(context));
                return {};
            });
        },
        async DeletePackageVersion(input, context) {
            return once(context, input, async () => {
                await catalog.deleteVersion(callerOf(context), input.packageName, input.versionName);
                return {};
            });
        },
        async ListPackageVersions(input, context) {
            const page = await keysetPage(context, { ...input, binding: { packageName: input.packageName, status: input.status }, defaultSize: PAGE_SIZE }, (after, limit) => catalog.listVersions(callerOf(context), input.packageName, input.status, after, limit), (record) => record.name);
            return { packageVersionSummaries: page.items.map(versionSummary), nextToken: page.nextToken };
        },
        async GetPackageConfiguration(_input, context) {
            return { versionUpdateByJobsConfig: await catalog.configuration(callerOf(context)) };
        },
        async UpdatePackageConfiguration(input, context) {
            return once(context, input, async () => {
                await catalog.updateConfiguration(callerOf(context), input.versionUpdateByJobsConfig ?? {});
                return {};
            });
        },
        async AssociateSbomWithPackageVersion(input, context) {
            return once(context, input, async () => {
                const record = await catalog.associateSbom(callerOf(context), input.packageName, input.versionName, input.sbom, now(context));
                return {
                    packageName: record.packageName,
                    versionName: record.name,
                    sbom: record.document.sbom,
                    sbomValidationStatus: record.document.sbomValidationStatus,
                };
            });
        },
        async DisassociateSbomFromPackageVersion(input, context) {
            return once(context, input, async () => {
                await catalog.disassociateSbom(callerOf(context), input.packageName, input.versionName, now(context));
                return {};
            });
        },
        async ListSbomValidationResults(input, context) {
            const record = await catalog.getVersion(callerOf(context), input.packageName, input.versionName);
            const results = (record.document.sbomValidationResults ?? []).filter((r) => !input.validationResult || r.validationResult === input.validationResult);
            context.readPageToken(input.nextToken, { packageName: input.packageName, versionName: input.versionName });
            // The domain writes only the model's error codes (src/domain/iot/catalog.ts); the store keeps them as text.
            return { validationResultSummaries: results };
        },
        async TagResource(input, context) {
            await catalog.tag(callerOf(context), input.resourceArn, input.tags.map((tag) => ({ key: tag.Key, value: tag.Value ?? '' })));
            return {};
        },
        async UntagResource(input, context) {
            await catalog.untag(callerOf(context), input.resourceArn, input.tagKeys);
            return {};
        },
        async ListTagsForResource(input, context) {
            const tags = await catalog.listTags(callerOf(context), input.resourceArn);
            return { tags: tags.map((tag) => ({ Key: tag.key, Value: tag.value })) };
        },
    };
    return { model: loadServiceModel('iot'), handlers, errorNames: DEFAULT_ERROR_NAMES, mapError: iotError };
}
//# sourceMappingURL=index.js.map