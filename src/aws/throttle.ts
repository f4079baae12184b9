// Per-access-key token buckets. Off unless QUIVER_THROTTLE_RPS is set: the embedded default serves one
// team, and a throttled CI pipeline is worse than a busy laptop. When on, excess requests get the
// service's throttling error (429, or 400 for IoT as its model says) with Retry-After.
export interface ThrottleDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export class Throttle {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {}

  get enabled(): boolean {
    return this.ratePerSecond > 0;
  }

  take(key: string, nowMs: number): ThrottleDecision {
    if (!this.enabled) return { allowed: true, retryAfterSeconds: 0 };
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
