// Tags in SQL: for any service's resources, keyed by ARN.
import type { TagRecord } from '../records/tags.js';
import { SqlArea } from './runner.js';

export interface TagTx {
  getTags(resourceArn: string): Promise<TagRecord[]>;
  putTags(resourceArn: string, tags: TagRecord[]): Promise<void>;
  removeTags(resourceArn: string, keys: string[]): Promise<void>;
  deleteAllTags(resourceArn: string): Promise<void>;
}

export class SqlTags extends SqlArea implements TagTx {
  async getTags(resourceArn: string): Promise<TagRecord[]> {
    return this.sql.all<TagRecord>(
      'SELECT tag_key AS "key", tag_value AS "value" FROM tags WHERE resource_arn = ? ORDER BY tag_key',
      [resourceArn],
    );
  }

  async putTags(resourceArn: string, tags: TagRecord[]): Promise<void> {
    for (const tag of tags) {
      await this.sql.run(
        `INSERT INTO tags (resource_arn, tag_key, tag_value) VALUES (?, ?, ?)
         ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
        [resourceArn, tag.key, tag.value],
      );
    }
  }

  async removeTags(resourceArn: string, keys: string[]): Promise<void> {
    for (const key of keys)
      await this.sql.run('DELETE FROM tags WHERE resource_arn = ? AND tag_key = ?', [resourceArn, key]);
  }

  async deleteAllTags(resourceArn: string): Promise<void> {
    await this.sql.run('DELETE FROM tags WHERE resource_arn = ?', [resourceArn]);
  }
}
