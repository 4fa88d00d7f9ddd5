import { describe, expect, it } from "vitest";
import { TokenBuckets } from "~/queue/rate-limit";

describe("the robot API's token buckets", () => {
  it("allows a burst, then the rate, per key, and says how long to wait", () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => buckets.take("a").ok)).toEqual([true, true, true]);
    expect(buckets.take("a")).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(buckets.take("b").ok).toBe(true);
    now += 500;
    expect(buckets.take("a").ok).toBe(true);
    expect(buckets.take("a").ok).toBe(false);
    now += 10_000;
    expect([1, 2, 3, 4].map(() => buckets.take("a").ok)).toEqual([true, true, true, false]);
  });

  it("asks a slow-refilling robot to wait whole seconds", () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 0.25, burst: 1 }, () => now);
    expect(buckets.take("a").ok).toBe(true);
    expect(buckets.take("a")).toEqual({ ok: false, retryAfterSeconds: 4 });
    now += 4000;
    expect(buckets.take("a").ok).toBe(true);
  });
});
