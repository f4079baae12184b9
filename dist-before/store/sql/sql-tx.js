const toDomain = (row) => ({
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    encryptionKey: row.encryption_key,
    createdAt: Number(row.created_at),
});
const toRepository = (row) => ({
    accountId: row.account_id,
    region: row.region,
    domainName: row.domain_name,
    name: row.name,
    description: row.description ?? undefined,
    administratorAccount: row.administrator_account,
    createdAt: Number(row.created_at),
    upstreams: row.upstreams ? JSON.parse(row.upstreams) : [],
    externalConnection: row.external_connection ?? undefined,
});
const toPackage = (row) => ({
    id: Number(row.id),
    accountId: row.account_id,
    region: row.region,
    domainName: row.domain_name,
    repositoryName: row.repository_name,
    format: row.format,
    namespace: row.namespace,
    name: row.name,
    publish: row.publish,
    upstream: row.upstream,
    createdAt: Number(row.created_at),
    changeSeq: Number(row.change_seq),
});
const toVersion = (row) => ({
    id: Number(row.id),
    packageId: Number(row.package_id),
    version: row.version,
    status: row.status,
    revision: row.revision,
    originType: row.origin_type,
    entryRepository: row.entry_repository ?? undefined,
    entryExternalConnection: row.entry_external_connection ?? undefined,
    publishedAt: Number(row.published_at),
    updatedAt: Number(row.updated_at),
    details: JSON.parse(row.details),
});
const toAsset = (row) => ({
    versionId: Number(row.version_id),
    name: row.name,
    sha256: row.sha256,
    size: Number(row.size),
    md5: row.md5,
    sha1: row.sha1,
    sha512: row.sha512,
    createdAt: Number(row.created_at),
});
/**
 * The natural-order key of a version: every run of digits left-padded to 12, so 1.10.0 sorts after 1.9.0
 * and keyset paging can use a plain index.
 */
export function versionSortKey(version) {
    return version.replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(12, '0'));
}
const VERSION_COLUMNS = 'id, package_id, version, status, revision, origin_type, entry_repository, entry_external_connection, published_at, updated_at, details';
const VERSION_SUMMARY_COLUMNS = 'id, version, status, revision, origin_type, entry_repository, entry_external_connection';
const toImage = (row) => ({
    accountId: row.account_id,
    region: row.region,
    arnName: row.arn_name,
    major: Number(row.major),
    minor: Number(row.minor),
    patch: Number(row.patch),
    build: Number(row.build),
    name: row.name,
    imageType: row.image_type,
    platform: row.platform,
    osVersion: row.os_version ?? undefined,
    description: row.description ?? undefined,
    packageCount: Number(row.package_count),
    createdAt: Number(row.created_at),
});
const imageKeyParams = (key) => [
    key.accountId,
    key.region,
    key.arnName,
    key.major,
    key.minor,
    key.patch,
    key.build,
];
const IMAGE_KEY_WHERE = 'account_id = ? AND region = ? AND arn_name = ? AND major = ? AND minor = ? AND patch = ? AND build = ?';
/** Escapes LIKE wildcards so a repository prefix is matched literally. */
const likePrefix = (prefix) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
export class SqlStoreTx {
    sql;
    constructor(sql) {
        this.sql = sql;
    }
    async insertAccount(account) {
        const { changes } = await this.sql.run('INSERT INTO accounts (account_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [account.accountId, account.name, account.createdAt]);
        return changes === 1;
    }
    async getAccount(accountId) {
        const row = await this.sql.get('SELECT account_id, name, created_at FROM accounts WHERE account_id = ?', [accountId]);
        return row && { accountId: row.account_id, name: row.name, createdAt: Number(row.created_at) };
    }
    async listAccounts() {
        const rows = await this.sql.all('SELECT account_id, name, created_at FROM accounts ORDER BY account_id');
        return rows.map((row) => ({ accountId: row.account_id, name: row.name, createdAt: Number(row.created_at) }));
    }
    async upsertAccessKey(key) {
        await this.sql.run(`INSERT INTO access_keys (access_key_id, secret_access_key, account_id, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (access_key_id) DO UPDATE SET secret_access_key = excluded.secret_access_key, account_id = excluded.account_id`, [key.accessKeyId, key.secretAccessKey, key.accountId, key.createdAt]);
    }
    async getAccessKey(accessKeyId) {
        const row = await this.sql.get('SELECT access_key_id, secret_access_key, account_id, created_at FROM access_keys WHERE access_key_id = ?', [
            accessKeyId,
        ]);
        return (row && {
            accessKeyId: row.access_key_id,
            secretAccessKey: row.secret_access_key,
            accountId: row.account_id,
            createdAt: Number(row.created_at),
        });
    }
    async listAccessKeys(accountId) {
        const rows = await this.sql.all('SELECT access_key_id, secret_access_key, account_id, created_at FROM access_keys WHERE account_id = ? ORDER BY created_at, access_key_id', [accountId]);
        return rows.map((row) => ({
            accessKeyId: row.access_key_id,
            secretAccessKey: row.secret_access_key,
            accountId: row.account_id,
            createdAt: Number(row.created_at),
        }));
    }
    async getSetting(name) {
        return (await this.sql.get('SELECT value FROM settings WHERE name = ?', [name]))?.value;
    }
    async setSettingIfAbsent(name, value) {
        await this.sql.run('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING', [name, value]);
        return (await this.getSetting(name));
    }
    async setSetting(name, value) {
        await this.sql.run('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, value]);
    }
    async insertDomain(domain) {
        const { changes } = await this.sql.run('INSERT INTO ca_domains (account_id, region, name, encryption_key, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [domain.accountId, domain.region, domain.name, domain.encryptionKey, domain.createdAt]);
        return changes === 1;
    }
    async getDomain(scope, name) {
        const row = await this.sql.get('SELECT * FROM ca_domains WHERE account_id = ? AND region = ? AND name = ?', [scope.accountId, scope.region, name]);
        return row && toDomain(row);
    }
    async listDomains(scope, afterName, limit) {
        const rows = await this.sql.all(`SELECT * FROM ca_domains WHERE account_id = ? AND region = ? AND name > ? ORDER BY name LIMIT ?`, [scope.accountId, scope.region, afterName ?? '', limit]);
        return rows.map(toDomain);
    }
    async deleteDomain(scope, name) {
        const { changes } = await this.sql.run('DELETE FROM ca_domains WHERE account_id = ? AND region = ? AND name = ?', [
            scope.accountId,
            scope.region,
            name,
        ]);
        return changes === 1;
    }
    async countRepositories(scope, domainName) {
        const row = await this.sql.get('SELECT COUNT(*) AS n FROM ca_repositories WHERE account_id = ? AND region = ? AND domain_name = ?', [scope.accountId, scope.region, domainName]);
        return Number(row?.n ?? 0);
    }
    async insertRepository(repository) {
        const { changes } = await this.sql.run(`INSERT INTO ca_repositories (account_id, region, domain_name, name, description, administrator_account, created_at, upstreams)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, [
            repository.accountId,
            repository.region,
            repository.domainName,
            repository.name,
            repository.description ?? null,
            repository.administratorAccount,
            repository.createdAt,
            JSON.stringify(repository.upstreams),
        ]);
        return changes === 1;
    }
    async getRepository(scope, domainName, name) {
        const row = await this.sql.get('SELECT * FROM ca_repositories WHERE account_id = ? AND region = ? AND domain_name = ? AND name = ?', [scope.accountId, scope.region, domainName, name]);
        return row && toRepository(row);
    }
    async updateRepository(repository) {
        await this.sql.run(`UPDATE ca_repositories SET description = ?, upstreams = ?, external_connection = ?
       WHERE account_id = ? AND region = ? AND domain_name = ? AND name = ?`, [
            repository.description ?? null,
            JSON.stringify(repository.upstreams),
            repository.externalConnection ?? null,
            repository.accountId,
            repository.region,
            repository.domainName,
            repository.name,
        ]);
    }
    async listRepositories(filter, after, limit) {
        const where = ['account_id = ?', 'region = ?'];
        const params = [filter.accountId, filter.region];
        if (filter.domainName !== undefined) {
            where.push('domain_name = ?');
            params.push(filter.domainName);
        }
        if (filter.administratorAccount !== undefined) {
            where.push('administrator_account = ?');
            params.push(filter.administratorAccount);
        }
        if (filter.namePrefix !== undefined) {
            where.push("name LIKE ? ESCAPE '\\'");
            params.push(likePrefix(filter.namePrefix));
        }
        if (after) {
            where.push('(domain_name, name) > (?, ?)');
            params.push(after.domainName, after.name);
        }
        params.push(limit);
        const rows = await this.sql.all(`SELECT * FROM ca_repositories WHERE ${where.join(' AND ')} ORDER BY domain_name, name LIMIT ?`, params);
        return rows.map(toRepository);
    }
    async listDownstreams(scope, domainName, name) {
        const rows = await this.sql.all('SELECT * FROM ca_repositories WHERE account_id = ? AND region = ? AND domain_name = ? ORDER BY name', [scope.accountId, scope.region, domainName]);
        return rows
            .map(toRepository)
            .filter((repo) => repo.upstreams.includes(name))
            .map((repo) => repo.name);
    }
    async deleteRepository(scope, domainName, name) {
        const { changes } = await this.sql.run('DELETE FROM ca_repositories WHERE account_id = ? AND region = ? AND domain_name = ? AND name = ?', [scope.accountId, scope.region, domainName, name]);
        return changes === 1;
    }
    packageKey(c) {
        return [c.accountId, c.region, c.domainName, c.repositoryName, c.format, c.namespace, c.name];
    }
    async getPackage(coordinates) {
        const row = await this.sql.get(`SELECT * FROM ca_packages WHERE account_id = ? AND region = ? AND domain_name = ? AND repository_name = ?
       AND format = ? AND namespace = ? AND name = ?`, this.packageKey(coordinates));
        return row && toPackage(row);
    }
    async ensurePackage(coordinates, origin, now) {
        await this.sql.run(`INSERT INTO ca_packages (account_id, region, domain_name, repository_name, format, namespace, name, publish, upstream, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, [...this.packageKey(coordinates), origin.publish, origin.upstream, now]);
        return (await this.getPackage(coordinates));
    }
    async setPackageOrigin(packageId, origin) {
        await this.sql.run('UPDATE ca_packages SET publish = ?, upstream = ? WHERE id = ?', [
            origin.publish,
            origin.upstream,
            packageId,
        ]);
    }
    async listPackages(filter, after, limit) {
        const where = ['account_id = ?', 'region = ?', 'domain_name = ?', 'repository_name = ?'];
        const params = [filter.accountId, filter.region, filter.domainName, filter.repositoryName];
        if (filter.format !== undefined) {
            where.push('format = ?');
            params.push(filter.format);
        }
        if (filter.namespace !== undefined) {
            where.push('namespace = ?');
            params.push(filter.namespace);
        }
        if (filter.namePrefix !== undefined) {
            where.push("name LIKE ? ESCAPE '\\'");
            params.push(likePrefix(filter.namePrefix));
        }
        if (filter.publish !== undefined) {
            where.push('publish = ?');
            params.push(filter.publish);
        }
        if (filter.upstream !== undefined) {
            where.push('upstream = ?');
            params.push(filter.upstream);
        }
        if (after) {
            where.push('(format, namespace, name) > (?, ?, ?)');
            params.push(after.format, after.namespace, after.name);
        }
        params.push(limit);
        const rows = await this.sql.all(`SELECT * FROM ca_packages WHERE ${where.join(' AND ')} ORDER BY format, namespace, name LIMIT ?`, params);
        return rows.map(toPackage);
    }
    async deletePackage(packageId) {
        await this.sql.run('DELETE FROM ca_packages WHERE id = ?', [packageId]);
    }
    async countPackagesInRepository(scope, domainName, repositoryName) {
        const row = await this.sql.get('SELECT COUNT(*) AS n FROM ca_packages WHERE account_id = ? AND region = ? AND domain_name = ? AND repository_name = ?', [scope.accountId, scope.region, domainName, repositoryName]);
        return Number(row?.n ?? 0);
    }
    async getVersion(packageId, version) {
        const row = await this.sql.get(`SELECT ${VERSION_COLUMNS} FROM ca_package_versions WHERE package_id = ? AND version = ?`, [packageId, version]);
        return row && toVersion(row);
    }
    async getVersions(packageId, versions) {
        if (versions.length === 0)
            return [];
        const rows = await this.sql.all(`SELECT ${VERSION_COLUMNS} FROM ca_package_versions WHERE package_id = ? AND version IN (${versions.map(() => '?').join(', ')})`, [packageId, ...versions]);
        return rows.map(toVersion);
    }
    async insertVersion(version) {
        const { changes } = await this.sql.run(`INSERT INTO ca_package_versions (package_id, version, sort_key, status, revision, origin_type, entry_repository,
         entry_external_connection, published_at, updated_at, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, [
            version.packageId,
            version.version,
            versionSortKey(version.version),
            version.status,
            version.revision,
            version.originType,
            version.entryRepository ?? null,
            version.entryExternalConnection ?? null,
            version.publishedAt,
            version.updatedAt,
            JSON.stringify(version.details),
        ]);
        return changes === 1 ? this.getVersion(version.packageId, version.version) : undefined;
    }
    async updateVersion(version) {
        await this.sql.run('UPDATE ca_package_versions SET status = ?, revision = ?, updated_at = ?, details = ? WHERE id = ?', [version.status, version.revision, version.updatedAt, JSON.stringify(version.details), version.id]);
    }
    async setVersionStatus(versionIds, status, now) {
        if (versionIds.length === 0)
            return;
        await this.sql.run(`UPDATE ca_package_versions SET status = ?, updated_at = ? WHERE id IN (${versionIds.map(() => '?').join(', ')})`, [status, now, ...versionIds]);
    }
    async deleteVersion(versionId) {
        await this.sql.run('DELETE FROM ca_package_versions WHERE id = ?', [versionId]);
    }
    async listVersions(packageId, filter, order, after, limit) {
        return (await this.versionPage(VERSION_COLUMNS, packageId, filter, order, after, limit)).map(toVersion);
    }
    async listVersionSummaries(packageId, filter, order, after, limit) {
        const rows = await this.versionPage(VERSION_SUMMARY_COLUMNS, packageId, filter, order, after, limit);
        return rows.map((row) => ({
            id: Number(row.id),
            version: row.version,
            status: row.status,
            revision: row.revision,
            originType: row.origin_type,
            entryRepository: row.entry_repository ?? undefined,
            entryExternalConnection: row.entry_external_connection ?? undefined,
        }));
    }
    async versionPage(columns, packageId, filter, order, after, limit) {
        const where = ['package_id = ?'];
        const params = [packageId];
        if (filter.status !== undefined) {
            where.push('status = ?');
            params.push(filter.status);
        }
        if (filter.originType !== undefined) {
            where.push('origin_type = ?');
            params.push(filter.originType);
        }
        if (after?.order === 'version') {
            const sortKey = versionSortKey(after.version);
            // A row-value comparison, not an OR of columns: only this form becomes an index range (flat paging).
            where.push('(sort_key, version) > (?, ?)');
            params.push(sortKey, after.version);
        }
        else if (after?.order === 'newest') {
            where.push('id < ?');
            params.push(after.id);
        }
        params.push(limit);
        const orderBy = order === 'version' ? 'sort_key, version' : 'id DESC';
        return this.sql.all(`SELECT ${columns} FROM ca_package_versions WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ?`, params);
    }
    async latestPublishedVersion(packageId) {
        const row = await this.sql.get(`SELECT ${VERSION_COLUMNS} FROM ca_package_versions WHERE package_id = ? AND status = 'Published' ORDER BY id DESC LIMIT 1`, [packageId]);
        return row && toVersion(row);
    }
    async getDistTag(packageId, tag) {
        return (await this.sql.get('SELECT version FROM ca_dist_tags WHERE package_id = ? AND tag = ?', [
            packageId,
            tag,
        ]))?.version;
    }
    async listDistTags(packageId) {
        const rows = await this.sql.all('SELECT tag, version FROM ca_dist_tags WHERE package_id = ? ORDER BY tag', [packageId]);
        return Object.fromEntries(rows.map((row) => [row.tag, row.version]));
    }
    async setDistTag(packageId, tag, version) {
        await this.sql.run('INSERT INTO ca_dist_tags (package_id, tag, version) VALUES (?, ?, ?) ON CONFLICT (package_id, tag) DO UPDATE SET version = excluded.version', [packageId, tag, version]);
    }
    async deleteDistTag(packageId, tag) {
        return ((await this.sql.run('DELETE FROM ca_dist_tags WHERE package_id = ? AND tag = ?', [packageId, tag])).changes === 1);
    }
    async insertAsset(asset) {
        const { changes } = await this.sql.run(`INSERT INTO ca_assets (version_id, name, sha256, size, md5, sha1, sha512, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`, [asset.versionId, asset.name, asset.sha256, asset.size, asset.md5, asset.sha1, asset.sha512, asset.createdAt]);
        return changes === 1;
    }
    async getRepositoryWithPackage(c) {
        const row = await this.sql.get(`SELECT r.*, p.id AS p_id, p.publish AS p_publish, p.upstream AS p_upstream, p.created_at AS p_created_at, p.change_seq AS p_change_seq
       FROM ca_repositories r
       LEFT JOIN ca_packages p ON p.account_id = r.account_id AND p.region = r.region AND p.domain_name = r.domain_name
         AND p.repository_name = r.name AND p.format = ? AND p.namespace = ? AND p.name = ?
       WHERE r.account_id = ? AND r.region = ? AND r.domain_name = ? AND r.name = ?`, [c.format, c.namespace, c.name, c.accountId, c.region, c.domainName, c.repositoryName]);
        if (!row)
            return {};
        return {
            repository: toRepository(row),
            pkg: row.p_id === null
                ? undefined
                : toPackage({
                    id: row.p_id,
                    account_id: c.accountId,
                    region: c.region,
                    domain_name: c.domainName,
                    repository_name: c.repositoryName,
                    format: c.format,
                    namespace: c.namespace,
                    name: c.name,
                    publish: row.p_publish,
                    upstream: row.p_upstream,
                    created_at: row.p_created_at,
                    change_seq: row.p_change_seq,
                }),
        };
    }
    async lookupAsset(c, version, assetName) {
        const row = await this.sql.get(`SELECT r.name AS repository, p.upstream, v.status, a.version_id, a.name, a.sha256, a.size, a.md5, a.sha1, a.sha512, a.created_at
       FROM ca_repositories r
       LEFT JOIN ca_packages p ON p.account_id = r.account_id AND p.region = r.region AND p.domain_name = r.domain_name
         AND p.repository_name = r.name AND p.format = ? AND p.namespace = ? AND p.name = ?
       LEFT JOIN ca_package_versions v ON v.package_id = p.id AND v.version = ?
       LEFT JOIN ca_assets a ON a.version_id = v.id AND a.name = ?
       WHERE r.account_id = ? AND r.region = ? AND r.domain_name = ? AND r.name = ?`, [c.format, c.namespace, c.name, version, assetName, c.accountId, c.region, c.domainName, c.repositoryName]);
        if (!row)
            return { repositoryExists: false };
        return {
            repositoryExists: true,
            packageUpstream: (row.upstream ?? undefined),
            versionStatus: (row.status ?? undefined),
            asset: row.version_id === null ? undefined : toAsset(row),
        };
    }
    async getAsset(versionId, name) {
        const row = await this.sql.get('SELECT * FROM ca_assets WHERE version_id = ? AND name = ?', [
            versionId,
            name,
        ]);
        return row && toAsset(row);
    }
    async listAssets(versionId, afterName, limit) {
        const rows = await this.sql.all('SELECT * FROM ca_assets WHERE version_id = ? AND name > ? ORDER BY name LIMIT ?', [versionId, afterName ?? '', limit]);
        return rows.map(toAsset);
    }
    async firstAssets(versionIds) {
        const out = new Map();
        for (let start = 0; start < versionIds.length; start += 500) {
            const chunk = versionIds.slice(start, start + 500);
            const rows = await this.sql.all(`SELECT * FROM ca_assets WHERE version_id IN (${chunk.map(() => '?').join(', ')}) ORDER BY version_id, name`, chunk);
            for (const asset of rows.map(toAsset))
                if (!out.has(asset.versionId))
                    out.set(asset.versionId, asset);
        }
        return out;
    }
    async deleteAssets(versionId) {
        const rows = await this.sql.all('SELECT sha256 FROM ca_assets WHERE version_id = ?', [
            versionId,
        ]);
        await this.sql.run('DELETE FROM ca_assets WHERE version_id = ?', [versionId]);
        return rows.map((row) => row.sha256);
    }
    async assetDigestsOfPackage(packageId) {
        const rows = await this.sql.all('SELECT DISTINCT a.sha256 FROM ca_assets a JOIN ca_package_versions v ON v.id = a.version_id WHERE v.package_id = ?', [packageId]);
        return rows.map((row) => row.sha256);
    }
    async assetDigestsOfRepository(scope, domainName, repositoryName) {
        const rows = await this.sql.all(`SELECT DISTINCT a.sha256 FROM ca_assets a JOIN ca_package_versions v ON v.id = a.version_id JOIN ca_packages p ON p.id = v.package_id
       WHERE p.account_id = ? AND p.region = ? AND p.domain_name = ? AND p.repository_name = ?`, [scope.accountId, scope.region, domainName, repositoryName]);
        return rows.map((row) => row.sha256);
    }
    async retainBlob(sha256, size, now) {
        await this.sql.run(`INSERT INTO blobs (sha256, size, state, created_at) VALUES (?, ?, 'live', ?)
       ON CONFLICT (sha256) DO UPDATE SET state = 'live'`, [sha256, size, now]);
    }
    async markBlobDeletingIfUnreferenced(sha256) {
        const { changes } = await this.sql.run(`UPDATE blobs SET state = 'deleting' WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM ca_assets WHERE sha256 = ?)`, [sha256, sha256]);
        return changes === 1;
    }
    async claimBlobForDeletion(sha256) {
        const row = await this.sql.get(`SELECT state FROM blobs WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM ca_assets WHERE sha256 = ?)`, [sha256, sha256]);
        return row?.state === 'deleting';
    }
    async forgetBlob(sha256) {
        await this.sql.run(`DELETE FROM blobs WHERE sha256 = ? AND state = 'deleting'`, [sha256]);
    }
    async blobsPendingDeletion(limit) {
        return (await this.sql.all(`SELECT sha256 FROM blobs WHERE state = 'deleting' LIMIT ?`, [limit])).map((row) => row.sha256);
    }
    async referencedBlobDigests() {
        return (await this.sql.all('SELECT DISTINCT sha256 FROM ca_assets')).map((row) => row.sha256);
    }
    async insertPanoramaPackage(record) {
        const { changes } = await this.sql.run('INSERT INTO pn_packages (package_id, account_id, region, name, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [record.packageId, record.accountId, record.region, record.name, record.createdAt]);
        return changes === 1;
    }
    toPanoramaPackage(row) {
        return {
            packageId: row.package_id,
            accountId: row.account_id,
            region: row.region,
            name: row.name,
            createdAt: Number(row.created_at),
        };
    }
    async getPanoramaPackage(scope, packageId) {
        const row = await this.sql.get('SELECT * FROM pn_packages WHERE account_id = ? AND region = ? AND package_id = ?', [
            scope.accountId,
            scope.region,
            packageId,
        ]);
        return row && this.toPanoramaPackage(row);
    }
    async getPanoramaPackageByName(scope, name) {
        const row = await this.sql.get('SELECT * FROM pn_packages WHERE account_id = ? AND region = ? AND name = ?', [
            scope.accountId,
            scope.region,
            name,
        ]);
        return row && this.toPanoramaPackage(row);
    }
    async listPanoramaPackages(scope, afterName, limit) {
        const rows = await this.sql.all('SELECT * FROM pn_packages WHERE account_id = ? AND region = ? AND name > ? ORDER BY name LIMIT ?', [
            scope.accountId,
            scope.region,
            afterName ?? '',
            limit,
        ]);
        return rows.map((row) => this.toPanoramaPackage(row));
    }
    async deletePanoramaPackage(packageId) {
        await this.sql.run('DELETE FROM pn_packages WHERE package_id = ?', [packageId]);
    }
    async listPanoramaVersions(packageId) {
        const rows = await this.sql.all('SELECT * FROM pn_versions WHERE package_id = ? ORDER BY registered_at, patch_version', [packageId]);
        return rows.map((row) => ({
            packageId: row.package_id,
            ownerAccount: row.owner_account,
            packageVersion: row.package_version,
            patchVersion: row.patch_version,
            isLatest: Number(row.is_latest) === 1,
            registeredAt: Number(row.registered_at),
            failure: row.failure ?? undefined,
            deregisteredAt: row.deregistered_at === null ? undefined : Number(row.deregistered_at),
        }));
    }
    async putPanoramaVersion(record) {
        await this.sql.run(`INSERT INTO pn_versions (package_id, owner_account, package_version, patch_version, is_latest, registered_at, failure, deregistered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (package_id, owner_account, package_version, patch_version) DO UPDATE SET
         is_latest = excluded.is_latest, registered_at = excluded.registered_at, failure = excluded.failure, deregistered_at = excluded.deregistered_at`, [
            record.packageId,
            record.ownerAccount,
            record.packageVersion,
            record.patchVersion,
            record.isLatest ? 1 : 0,
            record.registeredAt,
            record.failure ?? null,
            record.deregisteredAt ?? null,
        ]);
    }
    async deletePanoramaVersion(record) {
        await this.sql.run('DELETE FROM pn_versions WHERE package_id = ? AND owner_account = ? AND package_version = ? AND patch_version = ?', [record.packageId, record.ownerAccount, record.packageVersion, record.patchVersion]);
    }
    async insertPanoramaImportJob(record) {
        await this.sql.run('INSERT INTO pn_import_jobs (job_id, account_id, region, created_at, document) VALUES (?, ?, ?, ?, ?)', [record.jobId, record.accountId, record.region, record.createdAt, record.document]);
    }
    async updatePanoramaImportJob(jobId, document) {
        await this.sql.run('UPDATE pn_import_jobs SET document = ? WHERE job_id = ?', [document, jobId]);
    }
    async getPanoramaImportJob(scope, jobId) {
        const row = await this.sql.get('SELECT * FROM pn_import_jobs WHERE account_id = ? AND region = ? AND job_id = ?', [
            scope.accountId,
            scope.region,
            jobId,
        ]);
        return (row && {
            jobId: row.job_id,
            accountId: row.account_id,
            region: row.region,
            createdAt: Number(row.created_at),
            document: row.document,
        });
    }
    async listPanoramaImportJobs(scope, after, limit) {
        const rows = await this.sql.all(`SELECT * FROM pn_import_jobs WHERE account_id = ? AND region = ? AND (created_at, job_id) > (?, ?)
       ORDER BY created_at, job_id LIMIT ?`, [scope.accountId, scope.region, after?.createdAt ?? -1, after?.jobId ?? '', limit]);
        return rows.map((row) => ({
            jobId: row.job_id,
            accountId: row.account_id,
            region: row.region,
            createdAt: Number(row.created_at),
            document: row.document,
        }));
    }
    toIotPackage(row) {
        return {
            accountId: row.account_id,
            region: row.region,
            name: row.name,
            description: row.description ?? undefined,
            defaultVersion: row.default_version ?? undefined,
            createdAt: Number(row.created_at),
            updatedAt: Number(row.updated_at),
        };
    }
    toIotVersion(row) {
        return {
            accountId: row.account_id,
            region: row.region,
            packageName: row.package_name,
            name: row.name,
            status: row.status,
            createdAt: Number(row.created_at),
            updatedAt: Number(row.updated_at),
            document: JSON.parse(row.document),
        };
    }
    async insertIotPackage(record) {
        const { changes } = await this.sql.run(`INSERT INTO iot_packages (account_id, region, name, description, default_version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, [
            record.accountId,
            record.region,
            record.name,
            record.description ?? null,
            record.defaultVersion ?? null,
            record.createdAt,
            record.updatedAt,
        ]);
        return changes === 1;
    }
    async getIotPackage(scope, name) {
        const row = await this.sql.get('SELECT * FROM iot_packages WHERE account_id = ? AND region = ? AND name = ?', [scope.accountId, scope.region, name]);
        return row && this.toIotPackage(row);
    }
    async updateIotPackage(record) {
        await this.sql.run('UPDATE iot_packages SET description = ?, default_version = ?, updated_at = ? WHERE account_id = ? AND region = ? AND name = ?', [
            record.description ?? null,
            record.defaultVersion ?? null,
            record.updatedAt,
            record.accountId,
            record.region,
            record.name,
        ]);
    }
    async deleteIotPackage(scope, name) {
        return ((await this.sql.run('DELETE FROM iot_packages WHERE account_id = ? AND region = ? AND name = ?', [
            scope.accountId,
            scope.region,
            name,
        ])).changes === 1);
    }
    async listIotPackages(scope, afterName, limit) {
        const rows = await this.sql.all('SELECT * FROM iot_packages WHERE account_id = ? AND region = ? AND name > ? ORDER BY name LIMIT ?', [scope.accountId, scope.region, afterName ?? '', limit]);
        return rows.map((row) => this.toIotPackage(row));
    }
    async countIotVersions(scope, packageName) {
        const row = await this.sql.get('SELECT COUNT(*) AS n FROM iot_versions WHERE account_id = ? AND region = ? AND package_name = ?', [scope.accountId, scope.region, packageName]);
        return Number(row?.n ?? 0);
    }
    async insertIotVersion(record) {
        const { changes } = await this.sql.run(`INSERT INTO iot_versions (account_id, region, package_name, name, sort_key, status, created_at, updated_at, document)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, [
            record.accountId,
            record.region,
            record.packageName,
            record.name,
            versionSortKey(record.name),
            record.status,
            record.createdAt,
            record.updatedAt,
            JSON.stringify(record.document),
        ]);
        return changes === 1;
    }
    async getIotVersion(scope, packageName, name) {
        const row = await this.sql.get('SELECT * FROM iot_versions WHERE account_id = ? AND region = ? AND package_name = ? AND name = ?', [scope.accountId, scope.region, packageName, name]);
        return row && this.toIotVersion(row);
    }
    async updateIotVersion(record) {
        await this.sql.run('UPDATE iot_versions SET status = ?, updated_at = ?, document = ? WHERE account_id = ? AND region = ? AND package_name = ? AND name = ?', [
            record.status,
            record.updatedAt,
            JSON.stringify(record.document),
            record.accountId,
            record.region,
            record.packageName,
            record.name,
        ]);
    }
    async deleteIotVersion(scope, packageName, name) {
        return ((await this.sql.run('DELETE FROM iot_versions WHERE account_id = ? AND region = ? AND package_name = ? AND name = ?', [scope.accountId, scope.region, packageName, name])).changes === 1);
    }
    async listIotVersions(scope, packageName, status, afterName, limit) {
        const where = ['account_id = ?', 'region = ?', 'package_name = ?'];
        const params = [scope.accountId, scope.region, packageName];
        if (status !== undefined) {
            where.push('status = ?');
            params.push(status);
        }
        if (afterName !== undefined) {
            where.push('(sort_key, name) > (?, ?)');
            params.push(versionSortKey(afterName), afterName);
        }
        params.push(limit);
        const rows = await this.sql.all(`SELECT * FROM iot_versions WHERE ${where.join(' AND ')} ORDER BY sort_key, name LIMIT ?`, params);
        return rows.map((row) => this.toIotVersion(row));
    }
    async lastImageBuild(key) {
        const row = await this.sql.get('SELECT MAX(build) AS b FROM ib_images WHERE account_id = ? AND region = ? AND arn_name = ? AND major = ? AND minor = ? AND patch = ?', [key.accountId, key.region, key.arnName, key.major, key.minor, key.patch]);
        return Number(row?.b ?? 0);
    }
    async insertImage(image, packages) {
        const { changes } = await this.sql.run(`INSERT INTO ib_images (account_id, region, arn_name, major, minor, patch, build, name, image_type, platform, os_version, description,
         package_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, [
            ...imageKeyParams(image),
            image.name,
            image.imageType,
            image.platform,
            image.osVersion ?? null,
            image.description ?? null,
            image.packageCount,
            image.createdAt,
        ]);
        if (changes !== 1)
            return false;
        const key = imageKeyParams(image);
        // Multi-row inserts: an inventory of thousands of packages is a handful of statements, not thousands.
        for (let start = 0; start < packages.length; start += 90) {
            const chunk = packages.slice(start, start + 90);
            await this.sql.run(`INSERT INTO ib_image_packages (account_id, region, arn_name, major, minor, patch, build, position, package_name, package_version)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, chunk.flatMap((pkg) => [...key, pkg.position, pkg.name, pkg.version]));
        }
        return true;
    }
    async getImage(key) {
        const row = await this.sql.get(`SELECT * FROM ib_images WHERE ${IMAGE_KEY_WHERE}`, imageKeyParams(key));
        return row && toImage(row);
    }
    async deleteImage(key) {
        return (await this.sql.run(`DELETE FROM ib_images WHERE ${IMAGE_KEY_WHERE}`, imageKeyParams(key))).changes === 1;
    }
    async listImages(filter, after, limit) {
        const where = ['account_id = ?', 'region = ?'];
        const params = [filter.accountId, filter.region];
        const equal = [
            ['arn_name', filter.arnName],
            ['major', filter.major],
            ['minor', filter.minor],
            ['patch', filter.patch],
            ['name', filter.name],
            ['platform', filter.platform],
            ['os_version', filter.osVersion],
            ['image_type', filter.imageType],
        ];
        for (const [column, value] of equal)
            if (value !== undefined) {
                where.push(`${column} = ?`);
                params.push(value);
            }
        if (after) {
            where.push('(arn_name, major, minor, patch, build) > (?, ?, ?, ?, ?)');
            params.push(after.arnName, after.major, after.minor, after.patch, after.build);
        }
        params.push(limit);
        const rows = await this.sql.all(`SELECT * FROM ib_images WHERE ${where.join(' AND ')} ORDER BY arn_name, major, minor, patch, build LIMIT ?`, params);
        return rows.map(toImage);
    }
    async listImagePackages(key, afterPosition, limit) {
        const rows = await this.sql.all(`SELECT position, package_name, package_version FROM ib_image_packages WHERE ${IMAGE_KEY_WHERE} AND position > ? ORDER BY position LIMIT ?`, [...imageKeyParams(key), afterPosition, limit]);
        return rows.map((row) => ({
            position: Number(row.position),
            name: row.package_name,
            version: row.package_version,
        }));
    }
    async findImagesByPackage(scope, name, version, after, limit) {
        const where = ['p.account_id = ?', 'p.region = ?', 'p.package_name = ?'];
        const params = [scope.accountId, scope.region, name];
        if (version !== undefined) {
            where.push('p.package_version = ?');
            params.push(version);
        }
        if (after) {
            where.push('(p.arn_name, p.major, p.minor, p.patch, p.build, p.position) > (?, ?, ?, ?, ?, ?)');
            params.push(after.key.arnName, after.key.major, after.key.minor, after.key.patch, after.key.build, after.position);
        }
        params.push(limit);
        const rows = await this.sql.all(`SELECT i.*, p.position, p.package_name, p.package_version FROM ib_image_packages p
       JOIN ib_images i ON i.account_id = p.account_id AND i.region = p.region AND i.arn_name = p.arn_name AND i.major = p.major
         AND i.minor = p.minor AND i.patch = p.patch AND i.build = p.build
       WHERE ${where.join(' AND ')} ORDER BY p.arn_name, p.major, p.minor, p.patch, p.build, p.position LIMIT ?`, params);
        return rows.map((row) => ({
            image: toImage(row),
            package: { position: Number(row.position), name: row.package_name, version: row.package_version },
        }));
    }
    async getTags(resourceArn) {
        return this.sql.all('SELECT tag_key AS "key", tag_value AS "value" FROM tags WHERE resource_arn = ? ORDER BY tag_key', [resourceArn]);
    }
    async putTags(resourceArn, tags) {
        for (const tag of tags) {
            await this.sql.run(`INSERT INTO tags (resource_arn, tag_key, tag_value) VALUES (?, ?, ?)
         ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value`, [resourceArn, tag.key, tag.value]);
        }
    }
    async removeTags(resourceArn, keys) {
        for (const key of keys)
            await this.sql.run('DELETE FROM tags WHERE resource_arn = ? AND tag_key = ?', [resourceArn, key]);
    }
    async deleteAllTags(resourceArn) {
        await this.sql.run('DELETE FROM tags WHERE resource_arn = ?', [resourceArn]);
    }
    async getIdempotency(key) {
        const row = await this.sql.get(`SELECT request_hash, response_json, created_at FROM idempotency
       WHERE account_id = ? AND region = ? AND service = ? AND operation = ? AND client_token = ?`, [key.accountId, key.region, key.service, key.operation, key.clientToken]);
        return (row && {
            ...key,
            requestHash: row.request_hash,
            responseJson: row.response_json,
            createdAt: Number(row.created_at),
        });
    }
    async insertIdempotency(record) {
        const { changes } = await this.sql.run(`INSERT INTO idempotency (account_id, region, service, operation, client_token, request_hash, response_json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, [
            record.accountId,
            record.region,
            record.service,
            record.operation,
            record.clientToken,
            record.requestHash,
            record.responseJson,
            record.createdAt,
        ]);
        return changes === 1;
    }
    /** Rules the schema cannot state: upstreams exist; only Disposed versions have no assets; assets' blobs are live. */
    async logicalProblems() {
        const problems = [];
        const bare = await this.sql.all(`SELECT v.id, v.version, p.name, v.status FROM ca_package_versions v JOIN ca_packages p ON p.id = v.package_id
       WHERE v.status <> 'Disposed' AND NOT EXISTS (SELECT 1 FROM ca_assets a WHERE a.version_id = v.id) LIMIT 100`);
        for (const row of bare)
            problems.push(`package ${row.name} version ${row.version} (${row.status}) has no assets: a partial version`);
        const dying = await this.sql.all(`SELECT DISTINCT a.sha256 FROM ca_assets a JOIN blobs b ON b.sha256 = a.sha256 WHERE b.state <> 'live' LIMIT 100`);
        for (const row of dying)
            problems.push(`blob ${row.sha256} is referenced by an asset but marked for deletion`);
        return [...problems, ...(await this.upstreamProblems())];
    }
    async upstreamProblems() {
        const rows = await this.sql.all('SELECT * FROM ca_repositories');
        const known = new Set(rows.map((row) => `${row.account_id}/${row.region}/${row.domain_name}/${row.name}`));
        const problems = [];
        for (const repository of rows.map(toRepository)) {
            for (const upstream of repository.upstreams) {
                if (!known.has(`${repository.accountId}/${repository.region}/${repository.domainName}/${upstream}`)) {
                    problems.push(`repository ${repository.domainName}/${repository.name} has a missing upstream ${upstream}`);
                }
            }
        }
        return problems;
    }
}
//# sourceMappingURL=sql-tx.js.map