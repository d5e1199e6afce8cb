import { afterAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { deleteKeys, startTcpProxy, testRedisUrl, uniqueRedisPrefix } from "@/test/harness/redis";
import { createSignInLimiter, SIGN_IN_WINDOWS, signInAttempt, type SignInLimiter } from "./sign-in-throttle";
import { captureLogs } from "@/test/harness/logs";

const prefix = uniqueRedisPrefix("sign-in");
afterAll(async () => {
  if (testRedisUrl) await deleteKeys(testRedisUrl, prefix);
});

function open(env: Parameters<typeof createSignInLimiter>[0]): SignInLimiter {
  const limiter = createSignInLimiter(env);
  onTestFinished(() => limiter.close());
  return limiter;
}

const email = () => `someone-${Math.random().toString(36).slice(2)}@example.test`;

describe("sign-in throttle", () => {
  it("counts in this process's memory on the embedded default, and refuses the 11th attempt on one account", async () => {
    const limiter = open({ REDIS_KEY_PREFIX: prefix });
    const account = email();
    for (let attempt = 0; attempt < SIGN_IN_WINDOWS.perEmail.limit; attempt++) {
      expect(await signInAttempt(account, `198.51.100.${attempt}`, limiter)).toBe(0);
    }
    expect(await signInAttempt(account.toUpperCase(), "198.51.100.99", limiter)).toBeGreaterThan(0);
    expect(await signInAttempt(email(), "198.51.100.99", limiter)).toBe(0);
  });

  it.skipIf(!testRedisUrl)("shares one count between two processes' limiters over the same Redis (needs TEST_REDIS_URL)", async () => {
    const first = open({ REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: prefix });
    const second = open({ REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: prefix });
    const account = email();
    for (let attempt = 0; attempt < SIGN_IN_WINDOWS.perEmail.limit; attempt++) {
      expect(await signInAttempt(account, `203.0.113.${attempt}`, attempt % 2 ? first : second)).toBe(0);
    }
    expect(await signInAttempt(account, "203.0.113.99", first)).toBeGreaterThan(0);
    expect(await signInAttempt(account, "203.0.113.99", second)).toBeGreaterThan(0);
  });

  it.skipIf(!testRedisUrl)("keeps counting in memory while Redis is down, logs it once, and returns to Redis (needs TEST_REDIS_URL)", async () => {
    const proxy = await startTcpProxy(testRedisUrl!);
    onTestFinished(() => proxy.stop());
    const logs = captureLogs();
    onTestFinished(logs.restore);
    const limiter = open({ REDIS_URL: proxy.url, REDIS_KEY_PREFIX: prefix });
    const other = open({ REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: prefix });
    const account = email();
    expect(await signInAttempt(account, "192.0.2.1", limiter)).toBe(0);

    await proxy.stop();
    for (let attempt = 0; attempt < SIGN_IN_WINDOWS.perEmail.limit; attempt++) {
      expect(await signInAttempt(account, "192.0.2.1", limiter)).toBe(0);
    }
    expect(await signInAttempt(account, "192.0.2.1", limiter)).toBeGreaterThan(0);
    expect(logs.at("error").filter((line) => line.msg?.startsWith("sign-in limiter unavailable"))).toHaveLength(1);
    // The attempts made during the outage were this process's alone: Redis saw only the first.
    expect(await signInAttempt(account, "192.0.2.2", other)).toBe(0);

    await proxy.start();
    await vi.waitFor(async () => {
      await signInAttempt(email(), "192.0.2.3", limiter);
      expect(logs.at("info").some((line) => line.msg?.startsWith("sign-in limiter reachable again"))).toBe(true);
    }, { timeout: 10_000, interval: 200 });
  });
});
