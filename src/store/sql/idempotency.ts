// clientToken idempotency in SQL: what a request answered, so its retry gets the same answer.
import type { IdempotencyRecord } from '../records/idempotency.js';
import { SqlArea } from './runner.js';

export interface IdempotencyTx {
  getIdempotency(
    key: Omit<IdempotencyRecord, 'requestHash' | 'responseJson' | 'createdAt'>,
  ): Promise<IdempotencyRecord | undefined>;
  insertIdempotency(record: IdempotencyRecord): Promise<boolean>;
  /** Housekeeping: how many records were made before `cutoff` (epoch ms). */
  countIdempotencyBefore(cutoff: number): Promise<number>;
  /** Removes up to `limit` records made before `cutoff`; returns how many went. */
  deleteIdempotencyBefore(cutoff: number, limit: number): Promise<number>;
}

interface IdempotencyRow {
  request_hash: string;
  response_json: string;
  created_at: number | string;
}

export class SqlIdempotency extends SqlArea implements IdempotencyTx {
  async getIdempotency(
    key: Omit<IdempotencyRecord, 'requestHash' | 'responseJson' | 'createdAt'>,
  ): Promise<IdempotencyRecord | undefined> {
    const row = await this.sql.get<IdempotencyRow>(
      `SELECT request_hash, response_json, created_at FROM idempotency
       WHERE account_id = ? AND region = ? AND service = ? AND operation = ? AND client_token = ?`,
      [key.accountId, key.region, key.service, key.operation, key.clientToken],
    );
    return (
      row && {
        ...key,
        requestHash: row.request_hash,
        responseJson: row.response_json,
        createdAt: Number(row.created_at),
      }
    );
  }

  async countIdempotencyBefore(cutoff: number): Promise<number> {
    const row = await this.sql.get<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM idempotency WHERE created_at < ?',
      [cutoff],
    );
    return Number(row?.n ?? 0);
  }

  async deleteIdempotencyBefore(cutoff: number, limit: number): Promise<number> {
    // Through the primary key: both backends delete a bounded batch this way (SQLite has no DELETE … LIMIT by default).
    const { changes } = await this.sql.run(
      `DELETE FROM idempotency WHERE (account_id, region, service, operation, client_token) IN (
         SELECT account_id, region, service, operation, client_token FROM idempotency WHERE created_at < ? LIMIT ?)`,
      [cutoff, limit],
    );
    return changes;
  }

  async insertIdempotency(record: IdempotencyRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      `INSERT INTO idempotency (account_id, region, service, operation, client_token, request_hash, response_json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [
        record.accountId,
        record.region,
        record.service,
        record.operation,
        record.clientToken,
        record.requestHash,
        record.responseJson,
        record.createdAt,
      ],
    );
    return changes === 1;
  }
}
