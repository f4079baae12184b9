// Composition root: configuration → stores → domain services → protocol adapters → one HTTP app.
// The only place that knows which backends are in use.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { awsAuthorize } from './aws/authorize.js';
import { AwsEngine } from './aws/engine.js';
import { PageTokens } from './aws/pagination.js';
import { Throttle } from './aws/throttle.js';
import { FsBlobStore } from './blobs/fs-blob-store.js';
import type { BlobStore } from './blobs/blobs.js';
import { CachingBlobStore } from './blobs/caching-blob-store.js';
import type { Config } from './config.js';
import { installBodyTimeouts } from './http/timeouts.js';
import {
  type FrameworkErrorRoutes,
  frameworkErrorOptions,
  installFrameworkErrorHandler,
} from './http/framework-errors.js';
import { isRegistryPath } from './registries/route-templates.js';
import { BlobLifecycle } from './domain/codeartifact/blob-lifecycle.js';
import { Domains } from './domain/codeartifact/domains.js';
import { PermissionsPolicies } from './domain/codeartifact/permissions-policies.js';
import { PackageGroups } from './domain/codeartifact/package-groups.js';
import { Packages } from './domain/codeartifact/packages.js';
import { Upstreams } from './domain/codeartifact/upstreams.js';
import { VersionBatches } from './domain/codeartifact/version-batch.js';
import { PackageVersions } from './domain/codeartifact/versions.js';
import { Repositories } from './domain/codeartifact/repositories.js';
import { ResourceTags } from './domain/codeartifact/tags.js';
import { AuthorizationTokens } from './domain/codeartifact/tokens.js';
import { AuditTrail } from './domain/identity/audit.js';
import { Authorizer } from './domain/identity/authorizer.js';
import { RegistryAccess } from './domain/codeartifact/registry-access.js';
import { policyAttachments } from './domain/codeartifact/arns.js';
import { ensureRootIdentity, secretResolver, type RootIdentity } from './domain/identity/identity.js';
import { codeArtifactService } from './aws/services/codeartifact/index.js';
import { PanoramaImportJobs } from './domain/panorama/import-jobs.js';
import { PanoramaPackages } from './domain/panorama/packages.js';
import { panoramaService } from './aws/services/panorama/index.js';
import { NpmPackages } from './domain/codeartifact/npm.js';
import { httpNpmRegistry } from './registries/npm/external.js';
import { npmRegistry } from './registries/npm/routes.js';
import { registries } from './registries/common/plugin.js';
import { PypiPackages } from './domain/codeartifact/pypi.js';
import { CargoPackages } from './domain/codeartifact/cargo.js';
import { httpCargoIndex } from './registries/cargo/external.js';
import { cargoRegistry } from './registries/cargo/routes.js';
import { httpPypiIndex } from './registries/pypi/external.js';
import { pypiRegistry } from './registries/pypi/routes.js';
import { MavenPackages } from './domain/codeartifact/maven.js';
import { httpMavenRepository } from './registries/maven/external.js';
import { mavenRegistry } from './registries/maven/routes.js';
import { RubyPackages } from './domain/codeartifact/ruby.js';
import { httpRubygems } from './registries/ruby/external.js';
import { rubyRegistry } from './registries/ruby/routes.js';
import { NugetPackages } from './domain/codeartifact/nuget.js';
import { httpNugetFeed } from './registries/nuget/external.js';
import { nugetRegistry } from './registries/nuget/routes.js';
import { SwiftPackages } from './domain/codeartifact/swift.js';
import { swiftRegistry } from './registries/swift/routes.js';
import { IotPackages } from './domain/iot/catalog.js';
import { iotService } from './aws/services/iot/index.js';
import { Images } from './domain/imagebuilder/images.js';
import { imageBuilderService } from './aws/services/imagebuilder/index.js';
import { newCacheCounters } from './observability/cache-counters.js';
import { AnswerCache } from './aws/services/answer-cache.js';
import { registerHealthRoutes } from './observability/health.js';
import { loggingOptions } from './observability/logging.js';
import { MeteredBlobStore } from './observability/metered-blob-store.js';
import { MeteredStore } from './observability/metered-store.js';
import { registerRequestMetrics } from './observability/request-metrics.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/store.js';
import { WebAccess } from './web/access.js';
import { webPlugin } from './web/plugin.js';

export interface Quiver {
  app: FastifyInstance;
  store: Store;
  blobs: BlobStore;
  root: RootIdentity;
  close(): Promise<void>;
}

// The PostgreSQL and S3 backends (pg, @aws-sdk/client-s3, @aws-sdk/lib-storage) are imported only when
// configured: an embedded instance pays neither their load time nor their memory (bench/RESULTS.md).

/** The embedded SQLite file, or PostgreSQL when QUIVER_DATABASE_URL is set. */
export async function openStore(config: Config): Promise<Store> {
  if (config.databaseUrl) {
    const { PostgresStore } = await import('./store/postgres/postgres-store.js');
    return PostgresStore.open(config.databaseUrl);
  }
  return new SqliteStore(join(config.dataDir, 'quiver.sqlite'));
}

/** Files under the data directory, or S3 when QUIVER_BLOB_URL is set. Only the server clears temporary files. */
export async function openBlobStore(config: Config, serving = false): Promise<BlobStore> {
  if (config.blobUrl) {
    const { S3BlobStore, parseBlobUrl, s3ClientFor } = await import('./blobs/s3-blob-store.js');
    const client = s3ClientFor({
      region: config.s3Region,
      endpoint: config.s3Endpoint,
      credentials: config.s3AccessKeyId
        ? { accessKeyId: config.s3AccessKeyId, secretAccessKey: config.s3SecretAccessKey! }
        : undefined,
    });
    return new S3BlobStore(client, parseBlobUrl(config.blobUrl));
  }
  const files = new FsBlobStore(join(config.dataDir, 'blobs'));
  await files.init(serving);
  return files;
}

/** A secret shared by every instance on this store, made on first use. */
async function sharedSecret(store: Store, name: string): Promise<Buffer> {
  const value = await store.write((tx) => tx.setSettingIfAbsent(name, randomBytes(32).toString('base64')));
  return Buffer.from(value, 'base64');
}

export async function buildQuiver(config: Config): Promise<Quiver> {
  // Metrics only when asked for (QUIVER_METRICS_TOKEN): otherwise nothing is measured, nor prom-client loaded.
  const metrics = config.metricsToken ? new (await import('./observability/metrics.js')).Metrics() : undefined;
  const opened = await openStore(config);
  const metered = metrics ? new MeteredStore(opened, metrics) : opened;
  // Every write a request makes carries its audit row in the same transaction (domain/identity/audit.ts).
  const audit = new AuditTrail(metered);
  const store = audit.auditing(metered);
  const backend = await openBlobStore(config, true);
  const stored = metrics ? new MeteredBlobStore(backend, metrics) : backend;
  const cacheCounters = { npm_packument: newCacheCounters(), blob: newCacheCounters(), aws_answer: newCacheCounters() };
  const answers = new AnswerCache(config.awsCacheBytes, cacheCounters.aws_answer);
  const blobs =
    config.blobCacheBytes > 0 ? new CachingBlobStore(stored, config.blobCacheBytes, cacheCounters.blob) : stored;
  const root = await ensureRootIdentity(
    store,
    {
      accountId: config.accountId,
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
    },
    Date.now(),
  );
  const pageTokens = new PageTokens(await sharedSecret(store, 'page_token_secret'));
  const tokens = new AuthorizationTokens(store, await sharedSecret(store, 'authorization_token_secret'));

  const app = Fastify({
    ...loggingOptions(config.logLevel, config.logFormat),
    bodyLimit: config.maxRequestBodyBytes,
    // The AWS engine signs over the raw bytes, so no body is parsed before it sees them.
    return503OnClosing: true,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    ...frameworkErrorOptions(() => frameworkRoutes),
  });
  // Each request's handling runs in its own audit scope (the whole lifecycle, from this hook on).
  app.addHook('onRequest', (_request, _reply, done) => audit.scope(done));
  installBodyTimeouts(app, config);
  installFrameworkErrorHandler(app, () => frameworkRoutes);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  if (metrics) {
    registerRequestMetrics(app, metrics, config.metricsToken!);
    metrics.watchCaches(cacheCounters);
  }

  const authorizer = new Authorizer(metered, policyAttachments);
  const lifecycle = new BlobLifecycle(store, blobs);
  await lifecycle.sweep();
  const packages = new Packages(store, lifecycle);
  const versions = new PackageVersions(packages);
  const upstreams = new Upstreams(store, lifecycle);
  const panorama = new PanoramaPackages(store, {
    registrationMs: config.panoramaTransitionMs,
    deregistrationMs: config.panoramaTransitionMs,
  });
  const domains = new Domains(store);
  const repositories = new Repositories(store, lifecycle);
  const batch = new VersionBatches(packages, versions);
  const iot = new IotPackages(store, versions);
  const images = new Images(store);
  const resolveSecret = secretResolver(store);
  const engine = new AwsEngine({
    services: [
      codeArtifactService({
        domains,
        repositories,
        tags: new ResourceTags(store),
        tokens,
        packages,
        versions,
        batch,
        policies: new PermissionsPolicies(store),
        packageGroups: new PackageGroups(store),
        answers,
      }),
      panoramaService(panorama, new PanoramaImportJobs(store, panorama, versions)),
      iotService(iot, store, answers),
      imageBuilderService(images, answers),
    ],
    resolveSecret,
    pageTokens,
    throttle: new Throttle(config.throttleRatePerSecond, config.throttleBurst),
    now: () => new Date(),
    publicUrl: config.publicUrl,
    maxBodyBytes: config.maxRequestBodyBytes,
    authorize: awsAuthorize(authorizer, audit),
    logError: (requestId, error) => app.log.error({ reqId: requestId, err: error }, 'unexpected failure'),
    logClientAbort: (requestId, error) => app.log.debug({ reqId: requestId, err: error }, 'client went away'),
  });

  registerHealthRoutes(app, store, blobs);

  await app.register(registries, {
    tokens,
    access: new RegistryAccess(authorizer, audit),
    publicUrl: config.publicUrl,
    adapters: [
      npmRegistry({
        npm: new NpmPackages(store, lifecycle, upstreams, httpNpmRegistry(config.npmjsUrl, config.npmjsToken)),
        maxPublishBytes: 256 * 1024 * 1024,
        packumentCacheBytes: config.npmCacheBytes,
        packumentCacheCounters: cacheCounters.npm_packument,
      }),
      pypiRegistry({
        pypi: new PypiPackages(store, lifecycle, upstreams, httpPypiIndex(config.pypiUrl)),
        maxUploadBytes: config.pypiMaxUploadBytes,
        pageCacheBytes: config.npmCacheBytes,
      }),
      mavenRegistry({
        maven: new MavenPackages(store, lifecycle, upstreams, httpMavenRepository(config.mavenCentralUrl)),
        maxUploadBytes: config.mavenMaxUploadBytes,
      }),
      cargoRegistry({
        cargo: new CargoPackages(store, lifecycle, upstreams, httpCargoIndex(config.cratesUrl)),
        maxPublishBytes: config.cargoMaxPublishBytes,
        indexCacheBytes: config.npmCacheBytes,
      }),
      rubyRegistry({
        ruby: new RubyPackages(store, lifecycle, upstreams, httpRubygems(config.rubygemsUrl)),
        maxPushBytes: config.rubygemsMaxPushBytes,
      }),
      nugetRegistry({
        nuget: new NugetPackages(store, lifecycle, upstreams, httpNugetFeed(config.nugetUrl)),
        maxUploadBytes: config.nugetMaxUploadBytes,
      }),
      swiftRegistry({
        swift: new SwiftPackages(store, lifecycle, upstreams),
        maxUploadBytes: config.swiftMaxUploadBytes,
      }),
    ],
    unserved: ['generic'],
  });

  // The web catalog: an encapsulated plugin with its own form parser, so /ui never reaches the AWS catch-all.
  await app.register(webPlugin, {
    prefix: '/ui',
    catalog: { domains, repositories, packages, versions, batch, iot, panorama, images },
    sessionSecret: await sharedSecret(store, 'web_session_secret'),
    resolveKey: resolveSecret,
    access: new WebAccess(authorizer, audit),
    defaultRegion: config.region,
    publicUrl: config.publicUrl,
  });

  const awsRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    const response = await engine.handle(request.raw, request.id);
    reply.code(response.status).header('x-amzn-requestid', response.requestId).headers(response.headers);
    return reply.send(response.body ?? '');
  };
  app.all('/*', awsRoute);
  const frameworkRoutes: FrameworkErrorRoutes = {
    aws: awsRoute,
    isRegistryPath,
    debug: (message, error) => app.log.debug({ err: error }, message),
  };

  return {
    app,
    store,
    blobs,
    root,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
