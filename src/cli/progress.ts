// Progress of long CLI work (inventory parsing, backup, restore, gc) on stderr. On a terminal it redraws one
// bar; elsewhere (CI logs, pipes, journald) it prints a plain line now and then and the final count, so a
// log shows the work moving without a line per item.
export interface ProgressOptions {
  /** What is counted: `lines`, `blobs`, … */
  unit?: string;
  stream?: NodeJS.WriteStream;
  /** Off a terminal: the least time between two plain lines. */
  plainEveryMs?: number;
}

export class ProgressBar {
  private lastDrawn = 0;
  private lastPlain = Date.now();
  private readonly unit: string;
  private readonly stream: NodeJS.WriteStream;
  private readonly plainEveryMs: number;

  constructor(
    private readonly label: string,
    options: ProgressOptions | NodeJS.WriteStream = {},
  ) {
    const given: ProgressOptions = 'write' in options ? { stream: options } : options;
    this.unit = given.unit ?? 'lines';
    this.stream = given.stream ?? process.stderr;
    this.plainEveryMs = given.plainEveryMs ?? 2000;
  }

  update(done: number, total: number): void {
    const now = Date.now();
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const percent = Math.round(fraction * 100);
    if (!this.stream.isTTY) {
      if (now - this.lastPlain < this.plainEveryMs || done >= total) return;
      this.lastPlain = now;
      this.stream.write(`${this.label}: ${done}/${total} ${this.unit} (${percent}%)\n`);
      return;
    }
    if (now - this.lastDrawn < 50 && done < total) return;
    this.lastDrawn = now;
    const width = 30;
    const filled = Math.round(fraction * width);
    this.stream.write(
      `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% ${done}/${total} ${this.unit}`,
    );
  }

  finish(message: string): void {
    if (this.stream.isTTY) this.stream.write('\r\x1b[K');
    this.stream.write(`${this.label}: ${message}\n`);
  }
}
