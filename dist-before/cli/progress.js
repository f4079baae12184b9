// A progress bar on stderr for long operations (large inventories). On a terminal it redraws one line;
// elsewhere (CI logs, pipes) it prints only the final count, so logs stay readable.
export class ProgressBar {
    label;
    stream;
    lastDrawn = 0;
    constructor(label, stream = process.stderr) {
        this.label = label;
        this.stream = stream;
    }
    update(done, total) {
        if (!this.stream.isTTY)
            return;
        const now = Date.now();
        if (now - this.lastDrawn < 50 && done < total)
            return;
        this.lastDrawn = now;
        const width = 30;
        const fraction = total > 0 ? Math.min(1, done / total) : 1;
        const filled = Math.round(fraction * width);
        this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${done}/${total} lines`);
    }
    finish(message) {
        if (this.stream.isTTY)
            this.stream.write('\r\x1b[K');
        this.stream.write(`${this.label}: ${message}\n`);
    }
}
//# sourceMappingURL=progress.js.map