// Versioned schema for the SQLite backend. Applied in order at start-up inside one transaction each;
// `schema_migrations` records what ran. Never edit a released migration: add the next one.
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** PostgreSQL's own text, where a mechanical translation of `sql` cannot say it (triggers). */
  postgres?: string;
}

const bumpOn = (table: string, row: 'NEW' | 'OLD', packageOf: (row: string) => string, event: string) => `
      CREATE TRIGGER ${table}_${event.toLowerCase()}_bumps_package AFTER ${event} ON ${table}
      BEGIN UPDATE ca_packages SET change_seq = change_seq + 1 WHERE id = ${packageOf(row)}; END;`;

/**
 * SQLite's side of migration 11: `table`'s rows for `event` move the stamp of the `target` row `match` finds
 * to the next value of the one shared counter (SQLite serialises writers, so the counter row costs nothing).
 */
const stampOn = (table: string, event: string, row: 'NEW' | 'OLD', target: string, match: (row: string) => string) => `
      CREATE TRIGGER ${table}_${event.toLowerCase()}_stamps_${target} AFTER ${event} ON ${table}
      BEGIN
        UPDATE aws_change_counter SET seq = seq + 1;
        UPDATE ${target} SET change_seq = (SELECT seq FROM aws_change_counter) WHERE ${match(row)};
      END;`;

const iotPackageOf = (r: string) =>
  `account_id = ${r}.account_id AND region = ${r}.region AND name = ${r}.package_name`;
const iotPackageItself = (r: string) => `account_id = ${r}.account_id AND region = ${r}.region AND name = ${r}.name`;
const imageOf = (r: string) =>
  `account_id = ${r}.account_id AND region = ${r}.region AND arn_name = ${r}.arn_name AND major = ${r}.major AND minor = ${r}.minor AND patch = ${r}.patch AND build = ${r}.build`;

/** PostgreSQL's side: one statement-level trigger per event (a transition table allows only one), as in 7. */
const pgStampOn = (table: string, event: string, fn: string) => `
      CREATE TRIGGER ${table}_${event.toLowerCase()}_stamps AFTER ${event} ON ${table}
        REFERENCING ${event === 'DELETE' ? 'OLD' : 'NEW'} TABLE AS changed_rows FOR EACH STATEMENT
        EXECUTE FUNCTION ${fn}();`;

export const sqliteMigrations: Migration[] = [
  {
    version: 1,
    name: 'identity, settings, codeartifact domains and repositories, tags, idempotency',
    sql: `
      CREATE TABLE accounts (
        account_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE access_keys (
        access_key_id TEXT PRIMARY KEY,
        secret_access_key TEXT NOT NULL,
        account_id TEXT NOT NULL REFERENCES accounts (account_id),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX access_keys_by_account ON access_keys (account_id);
      CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE ca_domains (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        encryption_key TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, name)
      );
      CREATE TABLE ca_repositories (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        domain_name TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT,
        administrator_account TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        upstreams TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (account_id, region, domain_name, name),
        FOREIGN KEY (account_id, region, domain_name) REFERENCES ca_domains (account_id, region, name)
      );
      CREATE TABLE tags (
        resource_arn TEXT NOT NULL,
        tag_key TEXT NOT NULL,
        tag_value TEXT NOT NULL,
        PRIMARY KEY (resource_arn, tag_key)
      );
      CREATE TABLE idempotency (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        service TEXT NOT NULL,
        operation TEXT NOT NULL,
        client_token TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        response_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, service, operation, client_token)
      );
    `,
  },
  {
    version: 2,
    name: 'codeartifact packages, versions, assets, dist-tags; blob references',
    sql: `
      CREATE TABLE ca_packages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        domain_name TEXT NOT NULL,
        repository_name TEXT NOT NULL,
        format TEXT NOT NULL,
        namespace TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL,
        publish TEXT NOT NULL,
        upstream TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (account_id, region, domain_name, repository_name, format, namespace, name),
        FOREIGN KEY (account_id, region, domain_name, repository_name)
          REFERENCES ca_repositories (account_id, region, domain_name, name) ON DELETE CASCADE
      );
      CREATE TABLE ca_package_versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        package_id INTEGER NOT NULL REFERENCES ca_packages (id) ON DELETE CASCADE,
        version TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        status TEXT NOT NULL,
        revision TEXT NOT NULL,
        origin_type TEXT NOT NULL,
        entry_repository TEXT,
        entry_external_connection TEXT,
        published_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        details TEXT NOT NULL DEFAULT '{}',
        UNIQUE (package_id, version)
      );
      CREATE INDEX ca_versions_by_key ON ca_package_versions (package_id, sort_key, version);
      CREATE INDEX ca_versions_by_status ON ca_package_versions (package_id, status, sort_key, version);
      CREATE INDEX ca_versions_by_age ON ca_package_versions (package_id, id);
      CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'live',
        created_at INTEGER NOT NULL
      );
      CREATE INDEX blobs_deleting ON blobs (state) WHERE state = 'deleting';
      CREATE TABLE ca_assets (
        version_id INTEGER NOT NULL REFERENCES ca_package_versions (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES blobs (sha256),
        size INTEGER NOT NULL,
        md5 TEXT NOT NULL,
        sha1 TEXT NOT NULL,
        sha512 TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (version_id, name)
      );
      CREATE INDEX ca_assets_by_blob ON ca_assets (sha256);
      CREATE TABLE ca_dist_tags (
        package_id INTEGER NOT NULL REFERENCES ca_packages (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        version TEXT NOT NULL,
        PRIMARY KEY (package_id, tag)
      );
    `,
  },
  {
    version: 3,
    name: 'panorama packages, package versions (patches) and import jobs',
    sql: `
      CREATE TABLE pn_packages (
        package_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (account_id, region, name)
      );
      CREATE TABLE pn_versions (
        package_id TEXT NOT NULL REFERENCES pn_packages (package_id) ON DELETE CASCADE,
        owner_account TEXT NOT NULL,
        package_version TEXT NOT NULL,
        patch_version TEXT NOT NULL,
        is_latest INTEGER NOT NULL DEFAULT 0,
        registered_at INTEGER NOT NULL,
        failure TEXT,
        deregistered_at INTEGER,
        PRIMARY KEY (package_id, owner_account, package_version, patch_version)
      );
      CREATE TABLE pn_import_jobs (
        job_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        document TEXT NOT NULL
      );
      CREATE INDEX pn_import_jobs_by_account ON pn_import_jobs (account_id, region, created_at, job_id);
    `,
  },
  {
    version: 4,
    name: 'iot software package catalog: packages, versions, configuration',
    sql: `
      CREATE TABLE iot_packages (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT,
        default_version TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, name)
      );
      CREATE TABLE iot_versions (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        package_name TEXT NOT NULL,
        name TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        document TEXT NOT NULL,
        PRIMARY KEY (account_id, region, package_name, name),
        FOREIGN KEY (account_id, region, package_name) REFERENCES iot_packages (account_id, region, name) ON DELETE CASCADE
      );
      CREATE INDEX iot_versions_by_key ON iot_versions (account_id, region, package_name, sort_key, name);
      CREATE INDEX iot_versions_by_status ON iot_versions (account_id, region, package_name, status, sort_key, name);
    `,
  },
  {
    version: 5,
    name: 'image builder: registered image build versions and their package inventories',
    sql: `
      CREATE TABLE ib_images (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        arn_name TEXT NOT NULL,
        major INTEGER NOT NULL,
        minor INTEGER NOT NULL,
        patch INTEGER NOT NULL,
        build INTEGER NOT NULL,
        name TEXT NOT NULL,
        image_type TEXT NOT NULL,
        platform TEXT NOT NULL,
        os_version TEXT,
        description TEXT,
        package_count INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, arn_name, major, minor, patch, build)
      );
      CREATE TABLE ib_image_packages (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        arn_name TEXT NOT NULL,
        major INTEGER NOT NULL,
        minor INTEGER NOT NULL,
        patch INTEGER NOT NULL,
        build INTEGER NOT NULL,
        position INTEGER NOT NULL,
        package_name TEXT NOT NULL,
        package_version TEXT NOT NULL,
        PRIMARY KEY (account_id, region, arn_name, major, minor, patch, build, position),
        FOREIGN KEY (account_id, region, arn_name, major, minor, patch, build)
          REFERENCES ib_images (account_id, region, arn_name, major, minor, patch, build) ON DELETE CASCADE
      );
      CREATE INDEX ib_packages_by_name ON ib_image_packages (account_id, region, package_name, package_version, arn_name, major, minor, patch, build);
    `,
  },
  {
    version: 6,
    name: 'codeartifact repositories: external connection',
    sql: `
      ALTER TABLE ca_repositories ADD COLUMN external_connection TEXT;
    `,
  },
  {
    version: 7,
    name: 'codeartifact packages: change_seq, bumped by triggers on every version, asset and dist-tag change',
    // Why triggers: a registry instance caches what it serves of a package (the npm packument) and checks it with
    // one indexed read of change_seq. Maintained by the database in the writing transaction itself, the counter
    // cannot be missed by a code path or by another instance, and needs no clock.
    sql: `
      ALTER TABLE ca_packages ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
      ${['INSERT', 'UPDATE'].map((e) => bumpOn('ca_package_versions', 'NEW', (r) => `${r}.package_id`, e)).join('')}
      ${bumpOn('ca_package_versions', 'OLD', (r) => `${r}.package_id`, 'DELETE')}
      ${['INSERT', 'UPDATE'].map((e) => bumpOn('ca_dist_tags', 'NEW', (r) => `${r}.package_id`, e)).join('')}
      ${bumpOn('ca_dist_tags', 'OLD', (r) => `${r}.package_id`, 'DELETE')}
      ${['INSERT', 'UPDATE'].map((e) => bumpOn('ca_assets', 'NEW', (r) => `(SELECT package_id FROM ca_package_versions WHERE id = ${r}.version_id)`, e)).join('')}
      ${bumpOn('ca_assets', 'OLD', (r) => `(SELECT package_id FROM ca_package_versions WHERE id = ${r}.version_id)`, 'DELETE')}
    `,
    postgres: `
      ALTER TABLE ca_packages ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
      -- Statement-level, with transition tables: a status change of 100 versions moves the counter once, not
      -- 100 times (per-row updates of one row made UpdatePackageVersionsStatus 3× slower on PostgreSQL).
      CREATE FUNCTION ca_bump_packages_of_versions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ca_packages SET change_seq = change_seq + 1 WHERE id IN (SELECT package_id FROM changed_rows);
        RETURN NULL;
      END $$;
      CREATE FUNCTION ca_bump_packages_of_assets() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ca_packages SET change_seq = change_seq + 1 WHERE id IN (
          SELECT v.package_id FROM ca_package_versions v WHERE v.id IN (SELECT version_id FROM changed_rows));
        RETURN NULL;
      END $$;
      ${['INSERT', 'UPDATE', 'DELETE']
        .map((event) =>
          ['ca_package_versions', 'ca_dist_tags', 'ca_assets']
            .map(
              (table) => `
      CREATE TRIGGER ${table}_${event.toLowerCase()}_bumps_package AFTER ${event} ON ${table}
        REFERENCING ${event === 'DELETE' ? 'OLD' : 'NEW'} TABLE AS changed_rows FOR EACH STATEMENT
        EXECUTE FUNCTION ${table === 'ca_assets' ? 'ca_bump_packages_of_assets' : 'ca_bump_packages_of_versions'}();`,
            )
            .join(''),
        )
        .join('')}
    `,
  },
  {
    version: 8,
    name: 'access control: users, their keys and identity policies, resource policies, the audit trail',
    // access_changes.seq is what every instance compares with the seq its compiled policies were read at;
    // each write to these tables moves it in the same transaction (sql/access.ts).
    sql: `
      CREATE TABLE iam_users (
        account_id TEXT NOT NULL REFERENCES accounts (account_id),
        user_name TEXT NOT NULL,
        user_id TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, user_name)
      );
      CREATE TABLE iam_user_keys (
        access_key_id TEXT PRIMARY KEY REFERENCES access_keys (access_key_id),
        account_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        FOREIGN KEY (account_id, user_name) REFERENCES iam_users (account_id, user_name)
      );
      CREATE INDEX iam_user_keys_by_user ON iam_user_keys (account_id, user_name);
      CREATE TABLE iam_user_policies (
        account_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        policy_name TEXT NOT NULL,
        document TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, user_name, policy_name),
        FOREIGN KEY (account_id, user_name) REFERENCES iam_users (account_id, user_name)
      );
      CREATE TABLE resource_policies (
        resource_arn TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        document TEXT NOT NULL,
        revision TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE access_changes (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL
      );
      INSERT INTO access_changes (id, seq) VALUES (1, 0);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        principal_arn TEXT NOT NULL,
        action TEXT NOT NULL,
        resource_arn TEXT NOT NULL,
        request_id TEXT NOT NULL,
        source_address TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX audit_log_by_time ON audit_log (at);
      CREATE INDEX audit_log_by_principal ON audit_log (principal_arn, id);
    `,
  },
  {
    version: 9,
    name: 'codeartifact packages: found by name across repositories (the web catalog search), case-insensitively',
    // An expression index: lower(name) is what the search compares and orders by, so a prefix is one range scan
    // whatever the number of repositories.
    sql: 'CREATE INDEX ca_packages_by_search ON ca_packages (account_id, region, lower(name), id);',
  },
  {
    version: 10,
    name: 'codeartifact package groups: patterns with origin restriction modes, and their allowed-repository lists',
    // The root group /* of every domain is implicit (ALLOW everywhere) until it is changed, when its row is
    // written. `format` and `namespace` are the pattern's ('' / NULL for /*): a package's lookup reads only the
    // groups that can match it.
    sql: `
      CREATE TABLE ca_package_groups (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        domain_name TEXT NOT NULL,
        pattern TEXT NOT NULL,
        format TEXT NOT NULL,
        namespace TEXT,
        namespace_prefix INTEGER NOT NULL,
        contact_info TEXT,
        description TEXT,
        publish_mode TEXT NOT NULL,
        external_upstream_mode TEXT NOT NULL,
        internal_upstream_mode TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, domain_name, pattern),
        FOREIGN KEY (account_id, region, domain_name) REFERENCES ca_domains (account_id, region, name)
      );
      CREATE INDEX ca_package_groups_by_format ON ca_package_groups (account_id, region, domain_name, format);
      CREATE TABLE ca_package_group_repositories (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        domain_name TEXT NOT NULL,
        pattern TEXT NOT NULL,
        restriction_type TEXT NOT NULL,
        repository_name TEXT NOT NULL,
        PRIMARY KEY (account_id, region, domain_name, pattern, restriction_type, repository_name),
        FOREIGN KEY (account_id, region, domain_name, pattern)
          REFERENCES ca_package_groups (account_id, region, domain_name, pattern)
      );
    `,
  },
  {
    version: 11,
    name: 'iot packages and image builder images: change_seq, moved by triggers on every write to what they list',
    // The stamp of the AWS answer cache (src/aws/services/answer-cache.ts), as change_seq of 7 is for CodeArtifact.
    // These rows are keyed by name, and a name can be deleted and made again: so a stamp is never a per-row count
    // (a new package would start at 0 again) but the next value of one counter shared by all of them (SQLite: a
    // counter row; PostgreSQL: a sequence, which never hands a value out twice, rolled back or not). A row's
    // stamp then names one committed state of what it lists, and a kept answer can be checked by one point read.
    sql: `
      CREATE TABLE aws_change_counter (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
      INSERT INTO aws_change_counter (id, seq) VALUES (1, 0);
      ALTER TABLE iot_packages ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ib_images ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
      ${stampOn('iot_packages', 'INSERT', 'NEW', 'iot_packages', iotPackageItself)}
      ${['INSERT', 'UPDATE'].map((e) => stampOn('iot_versions', e, 'NEW', 'iot_packages', iotPackageOf)).join('')}
      ${stampOn('iot_versions', 'DELETE', 'OLD', 'iot_packages', iotPackageOf)}
      ${stampOn('ib_images', 'INSERT', 'NEW', 'ib_images', imageOf)}
      ${['INSERT', 'UPDATE'].map((e) => stampOn('ib_image_packages', e, 'NEW', 'ib_images', imageOf)).join('')}
      ${stampOn('ib_image_packages', 'DELETE', 'OLD', 'ib_images', imageOf)}
    `,
    postgres: `
      CREATE SEQUENCE aws_change_stamps;
      -- A new row takes the next value as it is inserted: no trigger on the row itself.
      ALTER TABLE iot_packages ADD COLUMN change_seq BIGINT NOT NULL DEFAULT nextval('aws_change_stamps');
      ALTER TABLE ib_images ADD COLUMN change_seq BIGINT NOT NULL DEFAULT nextval('aws_change_stamps');
      CREATE FUNCTION iot_stamp_packages_of_versions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE iot_packages p SET change_seq = nextval('aws_change_stamps')
          FROM (SELECT DISTINCT account_id, region, package_name FROM changed_rows) c
          WHERE p.account_id = c.account_id AND p.region = c.region AND p.name = c.package_name;
        RETURN NULL;
      END $$;
      CREATE FUNCTION ib_stamp_images_of_packages() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ib_images i SET change_seq = nextval('aws_change_stamps')
          FROM (SELECT DISTINCT account_id, region, arn_name, major, minor, patch, build FROM changed_rows) c
          WHERE i.account_id = c.account_id AND i.region = c.region AND i.arn_name = c.arn_name
            AND i.major = c.major AND i.minor = c.minor AND i.patch = c.patch AND i.build = c.build;
        RETURN NULL;
      END $$;
      ${['INSERT', 'UPDATE', 'DELETE'].map((e) => pgStampOn('iot_versions', e, 'iot_stamp_packages_of_versions')).join('')}
      ${['INSERT', 'UPDATE', 'DELETE'].map((e) => pgStampOn('ib_image_packages', e, 'ib_stamp_images_of_packages')).join('')}
    `,
  },
];
