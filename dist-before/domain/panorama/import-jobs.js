// Panorama package import jobs: import a package version from a manifest. Quiver hosts no S3, so the
// manifest is read from where Quiver keeps files — a CodeArtifact generic asset of the same account:
//   S3Location { BucketName: "quiver-codeartifact", ObjectKey: "<domain>/<repository>/<namespace>/<package>/<version>/<asset>" }
// The patch version is the SHA-256 of the manifest bytes, as panorama-cli computes it. The job runs at once;
// the version it registers goes through REGISTER_PENDING like any registration, and a manifest without a
// `nodePackage` registers a FAILED version whose StatusDescription says why.
import { createHash, randomUUID } from 'node:crypto';
import { readObject } from '../codeartifact/object-location.js';
import { notFound } from '../shared/errors.js';
import { idempotent } from '../shared/idempotency.js';
import { storageLocation } from './packages.js';
export class PanoramaImportJobs {
    store;
    packages;
    assets;
    constructor(store, packages, assets) {
        this.store = store;
        this.packages = packages;
        this.assets = assets;
    }
    async create(caller, input, now) {
        const scope = { accountId: caller.accountId, region: caller.region };
        const key = { ...scope, service: 'panorama', operation: 'CreatePackageImportJob', clientToken: input.ClientToken };
        return idempotent(this.store, key, input, now, async () => {
            const job = {
                JobId: `job-${randomUUID()}`,
                ClientToken: input.ClientToken,
                JobType: input.JobType,
                InputConfig: input.InputConfig,
                OutputConfig: input.OutputConfig,
                JobTags: input.JobTags,
                Output: {},
                Status: 'PENDING',
                StatusMessage: 'Import pending.',
                CreatedTime: now,
                LastUpdatedTime: now,
            };
            await this.store.write((tx) => tx.insertPanoramaImportJob({ ...scope, jobId: job.JobId, createdAt: now, document: JSON.stringify(job) }));
            const finished = await this.run(caller, job, now);
            await this.store.write((tx) => tx.updatePanoramaImportJob(job.JobId, JSON.stringify(finished)));
            return { JobId: job.JobId };
        });
    }
    async run(caller, job, now) {
        const output = job.OutputConfig.PackageVersionOutputConfig;
        const location = job.InputConfig.PackageVersionInputConfig?.S3Location;
        const fail = (message) => ({
            ...job,
            Status: 'FAILED',
            StatusMessage: message,
            LastUpdatedTime: now,
            Output: { PackageVersion: output?.PackageVersion },
        });
        if (!output)
            return fail('OutputConfig.PackageVersionOutputConfig is required.');
        if (!location)
            return fail('InputConfig.PackageVersionInputConfig is required.');
        let manifest;
        try {
            manifest = await readObject(this.assets, caller, location.BucketName, location.ObjectKey);
        }
        catch (error) {
            return fail(error.message);
        }
        const patchVersion = createHash('sha256').update(manifest).digest('hex');
        let problem;
        try {
            const parsed = JSON.parse(manifest.toString('utf8'));
            if (!parsed.nodePackage || typeof parsed.nodePackage !== 'object')
                problem = 'The manifest has no nodePackage object.';
        }
        catch (error) {
            problem = `The manifest is not valid JSON: ${error.message}`;
        }
        const scope = { accountId: caller.accountId, region: caller.region };
        const pkg = await this.store.write((tx) => this.packages.ensureByName(tx, scope, output.PackageName, now));
        const jobTags = job.JobTags?.find((tags) => tags.ResourceType === 'PACKAGE')?.Tags;
        if (jobTags)
            await this.packages.tag(caller, `arn:aws:panorama:${scope.region}:${scope.accountId}:package/${pkg.packageId}`, jobTags);
        await this.packages.register(caller, pkg.packageId, output.PackageVersion, patchVersion, output.MarkLatest === true, undefined, now, problem);
        const location2 = storageLocation(scope, pkg.packageId);
        const result = {
            OutputS3Location: {
                BucketName: location2.Bucket,
                ObjectKey: `${location2.ManifestPrefixLocation}/${output.PackageVersion}/${patchVersion}.json`,
            },
            PackageId: pkg.packageId,
            PackageVersion: output.PackageVersion,
            PatchVersion: patchVersion,
        };
        if (problem)
            return { ...fail(problem), Output: result };
        return {
            ...job,
            Status: 'SUCCEEDED',
            StatusMessage: 'Package version imported.',
            LastUpdatedTime: now,
            Output: result,
        };
    }
    async describe(caller, jobId) {
        const record = await this.store.read((tx) => tx.getPanoramaImportJob({ accountId: caller.accountId, region: caller.region }, jobId));
        if (!record)
            throw notFound('PackageImportJob', jobId, `Package import job ${jobId} not found.`);
        return JSON.parse(record.document);
    }
    async list(caller, after, limit) {
        const records = await this.store.read((tx) => tx.listPanoramaImportJobs({ accountId: caller.accountId, region: caller.region }, after, limit));
        return records.map((record) => JSON.parse(record.document));
    }
}
//# sourceMappingURL=import-jobs.js.map