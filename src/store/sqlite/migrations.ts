// Versioned schema for the SQLite backend. Applied in order at start-up inside one transaction each;
// `schema_migrations` records what ran. Never edit a released migration: add the next one.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

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
];
