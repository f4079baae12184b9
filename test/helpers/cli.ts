// Runs the `quiver` CLI (src/main.ts) as its own process, as an operator would, and returns what it printed.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './quiver.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function quiverCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'src/main.ts'), ...args],
      { cwd: repoRoot, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
