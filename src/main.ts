#!/usr/bin/env node
// Process entry: `quiver serve` (what `npm start` runs) and the admin commands.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { backup, restore } from './cli/backup.js';
import { gc, type GcCommandOptions } from './cli/gc.js';
import {
  accountsCreate,
  accountsList,
  auditLines,
  keysCreate,
  keysList,
  policiesAttach,
  policiesDetach,
  policiesList,
  userKeysCreate,
  usersCreate,
  usersDelete,
  usersList,
} from './cli/admin.js';
import { readFileSync } from 'node:fs';
import { findImages, importInventory, type Target } from './cli/images.js';
import { InventoryError, type InventoryFormat } from './domain/imagebuilder/inventory.js';
import { banner, writeCredentialsFile } from './cli/banner.js';
import { ConfigError, describeConfig, loadConfig, type Config } from './config.js';
import { CatalogError } from './domain/shared/errors.js';
import { buildQuiver, openBlobStore, openStore } from './server.js';
import { catalogProblems } from './domain/integrity.js';
import { ensureRootIdentity } from './domain/identity/identity.js';
import type { Store } from './store/store.js';

async function serve(config: Config): Promise<void> {
  const quiver = await buildQuiver(config);
  const address = await quiver.app.listen({ host: config.host, port: config.port });
  const endpoint = config.publicUrl ?? address.replace('[::1]', 'localhost');
  const credentialsPath = await writeCredentialsFile(config.dataDir, quiver.root, config.region);
  process.stdout.write(banner(endpoint, quiver.root, config.region, credentialsPath, describeConfig(config)));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    quiver.app.log.info(`${signal}: finishing in-flight requests, then closing the store`);
    const force = setTimeout(() => {
      quiver.app.log.error(`requests still running after ${config.shutdownGraceMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownGraceMs);
    force.unref();
    quiver.close().then(
      () => process.exit(0),
      (error: unknown) => {
        quiver.app.log.error({ err: error }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function withStore<T>(work: (store: Store, rootAccountId: string) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = await openStore(config);
  try {
    const root = await ensureRootIdentity(
      store,
      { accountId: config.accountId, accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      Date.now(),
    );
    return await work(store, root.accountId);
  } finally {
    await store.close();
  }
}

const program = new Command('quiver').description(
  'Quiver: a self-hosted package version registry speaking AWS CodeArtifact, IoT, Panorama and Image Builder',
);

program
  .command('serve', { isDefault: true })
  .description('serve Quiver (configured by QUIVER_* environment variables)')
  .action(() => serve(loadConfig()));

program
  .command('config')
  .description('print the configuration in force (secrets masked)')
  .action(() => console.log(JSON.stringify(describeConfig(loadConfig()), null, 2)));

program
  .command('check')
  .description('check the store for consistency (exit 1 when a problem is found)')
  .action(async () => {
    const config = loadConfig();
    const blobs = await openBlobStore(config);
    const problems = await withStore((store) => catalogProblems(store, blobs));
    for (const problem of problems) console.log(problem);
    console.log(problems.length === 0 ? 'store is consistent' : `${problems.length} problem(s) found`);
    process.exitCode = problems.length === 0 ? 0 : 1;
  });

// ── operations: backup, restore (docs/operations.md) ──
program
  .command('backup')
  .description('copy the embedded catalog and the blobs it references into an empty directory, while serving')
  .argument('<dir>', 'the backup directory (created; must be empty)')
  .action(async (dir: string) => console.log(await backup(loadConfig(), resolve(dir))));
program
  .command('restore')
  .description('restore a backup into an empty data directory (QUIVER_DATA_DIR), then check it')
  .argument('<dir>', 'a directory written by quiver backup')
  .action(async (dir: string) => console.log(await restore(loadConfig(), resolve(dir))));
program
  .command('gc')
  .description('remove untracked blobs, leftover uploads and expired clientToken records (dry run by default)')
  .option('--apply', 'remove what was found (without it, only count)')
  .option('--grace <duration>', 'leave blobs and uploads written more recently alone', '1h')
  .option('--keep-tokens <duration>', 'keep clientToken records younger than this', '24h')
  .option('--json', 'print the report as JSON')
  .action(async (options: GcCommandOptions) => console.log(await gc(loadConfig(), options)));
// ── end of operations ──

/** Where the CLI's API calls go: --endpoint, else this machine's Quiver; AWS_* keys, else the root key here. */
async function apiTarget(options: { endpoint?: string; region?: string }): Promise<Target> {
  const config = loadConfig();
  const envKey =
    process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY }
      : undefined;
  const credentials =
    envKey ??
    (await withStore(async (store) => {
      const root = await ensureRootIdentity(
        store,
        { accountId: config.accountId, accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
        Date.now(),
      );
      return { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey };
    }));
  return {
    endpoint: options.endpoint ?? config.publicUrl ?? `http://${config.host}:${config.port}`,
    credentials,
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? config.region,
  };
}

const images = program.command('images').description('image inventories (Image Builder)');
images
  .command('import')
  .description('register an image build version from an inventory file (or - for stdin)')
  .requiredOption('--file <path>', 'the inventory: a file, or - for standard input')
  .requiredOption('--format <format>', 'cyclonedx | spdx | dpkg (dpkg-query -W) | rpm (rpm -qa)')
  .requiredOption('--name <name>', 'the image name')
  .requiredOption('--version <x.y.z>', 'the semantic version; each import makes its next build')
  .option('--platform <platform>', 'Linux | Windows | macOS', 'Linux')
  .option('--os-version <osVersion>', 'the operating system version, e.g. "Debian 12"')
  .option('--description <text>', 'a description')
  .option('--endpoint <url>', "the Quiver to call (default: this machine's)")
  .option('--region <region>', 'the region to sign for')
  .action(
    async (options: {
      file: string;
      format: string;
      name: string;
      version: string;
      platform: string;
      osVersion?: string;
      description?: string;
      endpoint?: string;
      region?: string;
    }) => {
      if (!['cyclonedx', 'spdx', 'dpkg', 'rpm'].includes(options.format))
        throw new ConfigError(`--format must be cyclonedx, spdx, dpkg or rpm, got '${options.format}'`);
      console.log(
        await importInventory(await apiTarget(options), { ...options, format: options.format as InventoryFormat }),
      );
    },
  );
images
  .command('find')
  .description('which image build versions hold a package (optionally one version of it)')
  .requiredOption('--package <name>', 'the package name, as the inventory printed it')
  .option('--package-version <version>', 'only this version')
  .option('--endpoint <url>', "the Quiver to call (default: this machine's)")
  .option('--region <region>', 'the region to sign for')
  .action(async (options: { package: string; packageVersion?: string; endpoint?: string; region?: string }) => {
    console.log(await findImages(await apiTarget(options), options.package, options.packageVersion));
  });

const accounts = program.command('accounts').description('manage accounts');
accounts
  .command('create')
  .description('create an account and its first access key')
  .option('--name <name>', 'a label for the account', 'account')
  .option('--id <accountId>', 'the 12-digit account id (random when omitted)')
  .action(async (options: { name: string; id?: string }) =>
    console.log(await withStore((store) => accountsCreate(store, options.name, options.id))),
  );
accounts
  .command('list')
  .description('list accounts')
  .action(async () => console.log(await withStore(accountsList)));

const keys = program.command('keys').description('manage access keys');
keys
  .command('create')
  .description("create an access key for an account's root, or (with --user) for one of its users")
  .option('--account <accountId>', 'the account (default: the root account of this Quiver)')
  .option('--user <name>', 'the user the key acts as (default: the account root)')
  .action(async (options: { account?: string; user?: string }) =>
    console.log(
      await withStore((store, rootAccount) => {
        const account = options.account ?? rootAccount;
        return options.user === undefined ? keysCreate(store, account) : userKeysCreate(store, account, options.user);
      }),
    ),
  );
keys
  .command('list')
  .description("list an account's access keys")
  .requiredOption('--account <accountId>', 'the account')
  .action(async (options: { account: string }) =>
    console.log(await withStore((store) => keysList(store, options.account))),
  );

const accountOption = ['--account <accountId>', 'the account (default: the root account of this Quiver)'] as const;

const users = program.command('users').description("manage an account's IAM-style users");
users
  .command('create')
  .description('create a user (no access, until a policy is attached)')
  .requiredOption('--name <name>', 'the user name (1-64 of letters, digits, + = , . @ _ -)')
  .option(...accountOption)
  .action(async (options: { name: string; account?: string }) =>
    console.log(await withStore((store, root) => usersCreate(store, options.account ?? root, options.name))),
  );
users
  .command('list')
  .description("list an account's users, their access keys and policies")
  .option(...accountOption)
  .action(async (options: { account?: string }) =>
    console.log(await withStore((store, root) => usersList(store, options.account ?? root))),
  );
users
  .command('delete')
  .description('delete a user with its access keys and policies')
  .requiredOption('--name <name>', 'the user name')
  .option(...accountOption)
  .action(async (options: { name: string; account?: string }) =>
    console.log(await withStore((store, root) => usersDelete(store, options.account ?? root, options.name))),
  );

const policies = program.command('policies').description('manage the identity policies attached to a user');
policies
  .command('attach')
  .description('attach (or replace) a named IAM JSON policy on a user')
  .requiredOption('--user <name>', 'the user')
  .requiredOption('--name <policyName>', 'the policy name (replaces a policy of that name)')
  .requiredOption('--file <path>', 'the IAM JSON policy document, or - for standard input')
  .option(...accountOption)
  .action(async (options: { user: string; name: string; file: string; account?: string }) => {
    const document = readFileSync(options.file === '-' ? 0 : options.file, 'utf8');
    console.log(
      await withStore((store, root) =>
        policiesAttach(store, options.account ?? root, options.user, options.name, document),
      ),
    );
  });
policies
  .command('detach')
  .description('detach a named policy from a user')
  .requiredOption('--user <name>', 'the user')
  .requiredOption('--name <policyName>', 'the policy name')
  .option(...accountOption)
  .action(async (options: { user: string; name: string; account?: string }) =>
    console.log(
      await withStore((store, root) => policiesDetach(store, options.account ?? root, options.user, options.name)),
    ),
  );
policies
  .command('list')
  .description("a user's policies, one JSON line each")
  .requiredOption('--user <name>', 'the user')
  .option(...accountOption)
  .action(async (options: { user: string; account?: string }) =>
    console.log(await withStore((store, root) => policiesList(store, options.account ?? root, options.user))),
  );

program
  .command('audit')
  .description('the audit trail (every write and every denied request) as JSON lines, oldest first')
  .option('--principal <arn>', 'only this principal (a trailing * matches a prefix)')
  .option('--action <action>', "only this action, e.g. codeartifact:PublishPackageVersion or 'codeartifact:Put*'")
  .option('--resource <arn>', 'only this resource ARN (a trailing * matches a prefix)')
  .option('--outcome <outcome>', 'allowed | denied')
  .option('--since <time>', 'from this time on (ISO 8601)')
  .option('--until <time>', 'before this time (ISO 8601)')
  .option('--limit <n>', 'at most this many lines')
  .action(async (options: Record<string, string | undefined>) =>
    withStore((store) => auditLines(store, options, (line) => process.stdout.write(`${line}\n`))),
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof CatalogError ||
    error instanceof InventoryError ||
    (error instanceof Error && /^[A-Za-z]+Exception: /.test(error.message))
  ) {
    console.error(`quiver: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(2);
});
