// `quiver gc [--apply] [--grace 1h] [--keep-tokens 24h] [--json]`: the housekeeping of
// domain/housekeeping/garbage-collector.ts against the configured store and blob store, beside running servers.
import { ConfigError, type Config } from '../config.js';
import { BlobLifecycle } from '../domain/codeartifact/blob-lifecycle.js';
import { GarbageCollector, type CollectReport, type Tally } from '../domain/housekeeping/garbage-collector.js';
import { openBlobStore, openStore } from '../server.js';
import { ProgressBar } from './progress.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90`, `90s`, `15m`, `1h`, `7d` → milliseconds (a bare number is seconds). */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new ConfigError(`${option} must be a duration such as 90s, 15m, 1h or 7d, got '${text}'`);
  return Number(match[1]) * UNITS[match[2] ?? 's']!;
}

export interface GcCommandOptions {
  apply?: boolean;
  grace: string;
  keepTokens: string;
  json?: boolean;
}

function line(what: string, found: Tally, applied: boolean, withBytes = false): string {
  const bytes = withBytes ? ` (${found.bytes} bytes)` : '';
  return `${what.padEnd(26)} ${String(found.found).padStart(6)} found${bytes}${applied ? `, ${found.removed} removed` : ''}`;
}

export function describeReport(report: CollectReport): string {
  return [
    line('untracked blobs', report.untrackedBlobs, report.applied, true),
    line('leftover uploads', report.leftoverUploads, report.applied),
    line('expired clientToken records', report.expiredTokens, report.applied),
    line('interrupted deletions', report.interruptedDeletions, report.applied),
    report.applied ? 'applied' : 'dry run: nothing was removed (run with --apply to remove)',
  ].join('\n');
}

export async function gc(config: Config, options: GcCommandOptions): Promise<string> {
  const graceMs = parseDuration(options.grace, '--grace');
  const tokenRetentionMs = parseDuration(options.keepTokens, '--keep-tokens');
  if (graceMs < 1000) throw new ConfigError('--grace must be at least 1s: a publish in flight needs the time');
  const store = await openStore(config);
  try {
    const blobs = await openBlobStore(config);
    const collector = new GarbageCollector(store, new BlobLifecycle(store, blobs), blobs);
    const bar = new ProgressBar(options.apply ? 'gc' : 'gc (dry run)', { unit: 'shards' });
    const report = await collector.collect({
      apply: options.apply === true,
      graceMs,
      tokenRetentionMs,
      now: Date.now(),
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.finish(`${report.untrackedBlobs.found} untracked blobs, ${report.leftoverUploads.found} leftover uploads`);
    return options.json ? JSON.stringify(report, null, 2) : describeReport(report);
  } finally {
    await store.close();
  }
}
