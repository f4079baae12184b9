// A temporary directory for a test. Kept apart from quiver.ts, whose import checks the configured store's
// prerequisites (PostgreSQL under QUIVER_TEST_STORE=postgres): unit tests that only need a directory must not
// open a connection, and the unit tier forbids one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'quiver-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
