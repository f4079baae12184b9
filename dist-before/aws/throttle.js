export class Throttle {
    ratePerSecond;
    burst;
    buckets = new Map();
    constructor(ratePerSecond, burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }
    get enabled() {
        return this.ratePerSecond > 0;
    }
    take(key, nowMs) {
        if (!this.enabled)
            return { allowed: true, retryAfterSeconds: 0 };
        const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedMs: nowMs };
        bucket.tokens = Math.min(this.burst, bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * this.ratePerSecond);
        bucket.updatedMs = nowMs;
        this.buckets.set(key, bucket);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return { allowed: true, retryAfterSeconds: 0 };
        }
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerSecond)) };
    }
}
//# sourceMappingURL=throttle.js.map