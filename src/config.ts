// Environment → one typed, validated Config, read once at start-up.
import { resolve } from 'node:path';
import type { LogFormat } from './observability/logging.js';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  region: string;
  publicUrl: string | undefined;
  accountId: string | undefined;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  databaseUrl: string | undefined;
  blobUrl: string | undefined;
  /** An S3-compatible endpoint for QUIVER_BLOB_URL (path-style addressing is used when it is set). */
  s3Endpoint: string | undefined;
  s3Region: string;
  /** Explicit S3 keys; when unset the AWS SDK's default credential chain applies. */
  s3AccessKeyId: string | undefined;
  s3SecretAccessKey: string | undefined;
  throttleRatePerSecond: number;
  throttleBurst: number;
  maxRequestBodyBytes: number;
  /** Memory for serialized npm packuments, and again for PyPI pages, validated per request (QUIVER_NPM_CACHE_MB). */
  npmCacheBytes: number;
  /** Memory for small immutable blobs (tarballs) served often (QUIVER_BLOB_CACHE_MB). */
  blobCacheBytes: number;
  /** Memory for AWS list answers kept behind change stamps (QUIVER_AWS_CACHE_MB; 0 = none kept). */
  awsCacheBytes: number;
  shutdownGraceMs: number;
  /** A request body must be complete this long after its headers (QUIVER_REQUEST_TIMEOUT_MS; 0 = unbounded). */
  requestTimeoutMs: number;
  /** A request body may pause this long between bytes (QUIVER_BODY_IDLE_TIMEOUT_MS; 0 = unbounded). */
  bodyIdleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long (QUIVER_KEEPALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: number;
  /** The registry behind the `public:npmjs` external connection, and an optional bearer token for it. */
  npmjsUrl: string;
  npmjsToken: string | undefined;
  /** The simple index behind the `public:pypi` external connection (credentials may ride in the URL's userinfo). */
  pypiUrl: string;
  /** Largest distribution file a PyPI upload may carry. */
  pypiMaxUploadBytes: number;
  /** The maven2 repository behind the `public:maven-central` external connection (credentials may ride in the URL). */
  mavenCentralUrl: string;
  /** Largest file one Maven PUT may carry. */
  mavenMaxUploadBytes: number;
  /** The sparse index behind the `public:crates-io` external connection (credentials may ride in the URL). */
  cratesUrl: string;
  /** Largest `cargo publish` request (metadata + .crate). */
  cargoMaxPublishBytes: number;
  /** The gem server behind the `public:rubygems` external connection (credentials may ride in the URL). */
  rubygemsUrl: string;
  /** Largest `.gem` one `gem push` may carry. */
  rubygemsMaxPushBytes: number;
  /** The service index of the NuGet v3 feed behind `public:nuget-org` (credentials may ride in the URL). */
  nugetUrl: string;
  /** Largest .nupkg one push may carry. */
  nugetMaxUploadBytes: number;
  /** Largest source archive one Swift publish may carry. */
  swiftMaxUploadBytes: number;
  /** How long a Panorama registration stays REGISTER_PENDING, and a deregistration DELETING. */
  panoramaTransitionMs: number;
  logLevel: string;
  /** JSON lines (default) or pino-pretty's rendering for a terminal (QUIVER_LOG_FORMAT). */
  logFormat: LogFormat;
  /** The bearer token GET /metrics requires; metrics are off when it is unset (QUIVER_METRICS_TOKEN). */
  metricsToken: string | undefined;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got '${text}'`);
  return value;
}

const optional = (env: NodeJS.ProcessEnv, name: string) =>
  env[name] === undefined || env[name] === '' ? undefined : env[name];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const region = optional(env, 'QUIVER_REGION') ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    throw new ConfigError(`QUIVER_REGION must look like us-east-1, got '${region}'`);
  const config: Config = {
    host: optional(env, 'QUIVER_HOST') ?? '127.0.0.1',
    port: integer(env, 'QUIVER_PORT', 4570, 0, 65535),
    dataDir: resolve(optional(env, 'QUIVER_DATA_DIR') ?? '.quiver-data'),
    region,
    publicUrl: optional(env, 'QUIVER_PUBLIC_URL'),
    accountId: optional(env, 'QUIVER_ACCOUNT_ID'),
    accessKeyId: optional(env, 'QUIVER_ACCESS_KEY_ID'),
    secretAccessKey: optional(env, 'QUIVER_SECRET_ACCESS_KEY'),
    databaseUrl: optional(env, 'QUIVER_DATABASE_URL'),
    blobUrl: optional(env, 'QUIVER_BLOB_URL'),
    s3Endpoint: optional(env, 'QUIVER_S3_ENDPOINT'),
    s3Region: optional(env, 'QUIVER_S3_REGION') ?? region,
    s3AccessKeyId: optional(env, 'QUIVER_S3_ACCESS_KEY_ID'),
    s3SecretAccessKey: optional(env, 'QUIVER_S3_SECRET_ACCESS_KEY'),
    throttleRatePerSecond: integer(env, 'QUIVER_THROTTLE_RPS', 0, 0, 1_000_000),
    throttleBurst: integer(env, 'QUIVER_THROTTLE_BURST', 0, 0, 1_000_000),
    maxRequestBodyBytes: integer(env, 'QUIVER_MAX_BODY_BYTES', 16 * 1024 * 1024, 1024, 2 ** 31),
    npmCacheBytes: integer(env, 'QUIVER_NPM_CACHE_MB', 64, 0, 65536) * 1024 * 1024,
    blobCacheBytes: integer(env, 'QUIVER_BLOB_CACHE_MB', 64, 0, 65536) * 1024 * 1024,
    awsCacheBytes: integer(env, 'QUIVER_AWS_CACHE_MB', 32, 0, 65536) * 1024 * 1024,
    shutdownGraceMs: integer(env, 'QUIVER_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    requestTimeoutMs: integer(env, 'QUIVER_REQUEST_TIMEOUT_MS', 600_000, 0, 86_400_000),
    bodyIdleTimeoutMs: integer(env, 'QUIVER_BODY_IDLE_TIMEOUT_MS', 30_000, 0, 86_400_000),
    keepAliveTimeoutMs: integer(env, 'QUIVER_KEEPALIVE_TIMEOUT_MS', 72_000, 1, 86_400_000),
    npmjsUrl: optional(env, 'QUIVER_NPMJS_URL') ?? 'https://registry.npmjs.org/',
    npmjsToken: optional(env, 'QUIVER_NPMJS_TOKEN'),
    pypiUrl: optional(env, 'QUIVER_PYPI_URL') ?? 'https://pypi.org/simple/',
    pypiMaxUploadBytes: integer(env, 'QUIVER_PYPI_MAX_UPLOAD_MB', 256, 1, 65536) * 1024 * 1024,
    mavenCentralUrl: optional(env, 'QUIVER_MAVEN_CENTRAL_URL') ?? 'https://repo.maven.apache.org/maven2/',
    mavenMaxUploadBytes: integer(env, 'QUIVER_MAVEN_MAX_UPLOAD_MB', 256, 1, 65536) * 1024 * 1024,
    cratesUrl: optional(env, 'QUIVER_CRATES_URL') ?? 'https://index.crates.io/',
    cargoMaxPublishBytes: integer(env, 'QUIVER_CARGO_MAX_PUBLISH_MB', 64, 1, 65536) * 1024 * 1024,
    rubygemsUrl: optional(env, 'QUIVER_RUBYGEMS_URL') ?? 'https://rubygems.org/',
    rubygemsMaxPushBytes: integer(env, 'QUIVER_RUBYGEMS_MAX_PUSH_MB', 256, 1, 65536) * 1024 * 1024,
    nugetUrl: optional(env, 'QUIVER_NUGET_URL') ?? 'https://api.nuget.org/v3/index.json',
    nugetMaxUploadBytes: integer(env, 'QUIVER_NUGET_MAX_UPLOAD_MB', 256, 1, 65536) * 1024 * 1024,
    swiftMaxUploadBytes: integer(env, 'QUIVER_SWIFT_MAX_UPLOAD_MB', 256, 1, 65536) * 1024 * 1024,
    panoramaTransitionMs: integer(env, 'QUIVER_PANORAMA_TRANSITION_MS', 2_000, 0, 600_000),
    logLevel: optional(env, 'QUIVER_LOG_LEVEL') ?? 'warn',
    logFormat: (optional(env, 'QUIVER_LOG_FORMAT') ?? 'json') as LogFormat,
    metricsToken: optional(env, 'QUIVER_METRICS_TOKEN'),
  };
  if (!['json', 'pretty'].includes(config.logFormat))
    throw new ConfigError(`QUIVER_LOG_FORMAT must be json or pretty, got '${config.logFormat}'`);
  if (config.metricsToken !== undefined && config.metricsToken.length < 16)
    throw new ConfigError('QUIVER_METRICS_TOKEN must be at least 16 characters');
  if (config.accountId !== undefined && !/^\d{12}$/.test(config.accountId)) {
    throw new ConfigError(`QUIVER_ACCOUNT_ID must be 12 digits, got '${config.accountId}'`);
  }
  if ((config.accessKeyId === undefined) !== (config.secretAccessKey === undefined)) {
    throw new ConfigError('QUIVER_ACCESS_KEY_ID and QUIVER_SECRET_ACCESS_KEY must be set together');
  }
  if (config.databaseUrl && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new ConfigError(
      `QUIVER_DATABASE_URL must be a postgres:// URL, got '${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}'`,
    );
  }
  if (config.blobUrl && !/^s3:\/\/[^/]+/.test(config.blobUrl))
    throw new ConfigError(`QUIVER_BLOB_URL must look like s3://bucket/prefix, got '${config.blobUrl}'`);
  if ((config.s3AccessKeyId === undefined) !== (config.s3SecretAccessKey === undefined)) {
    throw new ConfigError('QUIVER_S3_ACCESS_KEY_ID and QUIVER_S3_SECRET_ACCESS_KEY must be set together');
  }
  if (config.throttleBurst === 0) config.throttleBurst = Math.max(1, config.throttleRatePerSecond * 2);
  return config;
}

/** The config as printed at start-up: secrets masked. */
export function describeConfig(config: Config): Record<string, string | number> {
  return {
    host: config.host,
    port: config.port,
    dataDir: config.dataDir,
    region: config.region,
    publicUrl: config.publicUrl ?? '(from the Host header)',
    store: config.databaseUrl ? `postgres ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}` : 'sqlite',
    blobs: config.blobUrl ? `${config.blobUrl}${config.s3Endpoint ? ` via ${config.s3Endpoint}` : ''}` : 'files',
    npmjs: config.npmjsUrl,
    logs: `${config.logFormat}, level ${config.logLevel}`,
    metrics: config.metricsToken ? 'GET /metrics (bearer token)' : 'off',
    pypi: config.pypiUrl.replace(/\/\/[^@/]*@/, '//***@'),
    mavenCentral: config.mavenCentralUrl.replace(/\/\/[^@/]*@/, '//***@'),
    cratesIo: config.cratesUrl.replace(/\/\/[^@/]*@/, '//***@'),
    rubygems: config.rubygemsUrl.replace(/\/\/[^@/]*@/, '//***@'),
    nuget: config.nugetUrl.replace(/\/\/[^@/]*@/, '//***@'),
    throttle:
      config.throttleRatePerSecond > 0
        ? `${config.throttleRatePerSecond}/s per key (burst ${config.throttleBurst})`
        : 'off',
  };
}
