import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import Redis from "ioredis";
import { deleteKeys, startTcpProxy, testRedisUrl, uniqueRedisPrefix, type TcpProxy } from "@/test/harness/redis";
import { startUpstashBridge, type UpstashBridge } from "@/test/harness/upstash-bridge";
import { mostInAnyWindow, mostSurelyInAnyWindow } from "@/test/harness/windows";
import { LimiterUnavailableError, subWindows, type Limiter } from "./limiter";
import { sha1 } from "./lua-scripts";
import { MemoryLimiter } from "./memory-limiter";
import { IoredisScriptClient, RedisLimiter } from "./redis-limiter";
import { UpstashLimiter } from "./upstash-limiter";

/**
 * One suite, three backends: whatever the store, a limiter answers the same. The Redis and Upstash
 * cases run against the real local Redis (TEST_REDIS_URL); Upstash through the REST bridge.
 */
type Backend = { name: string; create: (options?: { prefix?: string; timeoutMs?: number }) => Limiter; setup?: () => Promise<void>; teardown?: () => Promise<void> };

const prefix = uniqueRedisPrefix("limiter");
let bridge: UpstashBridge | undefined;
/** The memory limiter's clock at its last call (it answers at once, so that call's). */
let memoryClock = 0;
const backends: Backend[] = [{ name: "memory", create: () => new MemoryLimiter(() => (memoryClock = Date.now())) }];
if (testRedisUrl) {
  backends.push({ name: "redis", create: (options) => new RedisLimiter({ url: testRedisUrl!, prefix, ...options }) });
  backends.push({
    name: "upstash",
    create: (options) => new UpstashLimiter({ url: bridge!.url, token: bridge!.token, prefix, ...options }),
    setup: async () => void (bridge = await startUpstashBridge(testRedisUrl!)),
    teardown: async () => bridge?.close(),
  });
}

afterAll(async () => {
  if (testRedisUrl) await deleteKeys(testRedisUrl, prefix);
});

const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
let keyCounter = 0;
const freshKey = (label: string) => `${label}:${Date.now()}:${++keyCounter}`;

for (const backend of backends) {
  describe(`limiter [${backend.name}]`, () => {
    const open: Limiter[] = [];
    const make = (options?: { prefix?: string; timeoutMs?: number }) => {
      const limiter = backend.create(options);
      open.push(limiter);
      return limiter;
    };
    beforeAll(async () => backend.setup?.());
    afterEach(() => void vi.useRealTimers());
    afterAll(async () => {
      await Promise.all(open.map((limiter) => limiter.close?.()));
      await backend.teardown?.();
    });

    it("admits up to the limit in a window, refuses, and admits again at the `reset` it gave", async () => {
      const limiter = make();
      const key = freshKey("slide");
      const window = { limit: 3, windowMs: 1000 };
      const first = [];
      for (let i = 0; i < 4; i++) first.push(await limiter.limit(key, window));
      expect(first.map((r) => r.success)).toEqual([true, true, true, false]);
      expect(first.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
      const refused = first[3];
      expect(refused.limit).toBe(3);
      // Room again once the first call's sub-window (50 ms) has aged out: between 1000 and 1050 ms on.
      const clock = refused.at ?? Date.now();
      expect(refused.reset - clock).toBeGreaterThan(900);
      expect(refused.reset - clock).toBeLessThanOrEqual(1050);
      await sleep(refused.reset - clock + 20);
      expect((await limiter.limit(key, window)).success).toBe(true);
    });

    it("keeps keys and window sizes apart", async () => {
      const limiter = make();
      const [a, b] = [freshKey("a"), freshKey("b")];
      const perMinute = { limit: 1, windowMs: MINUTE };
      expect((await limiter.limit(a, perMinute)).success).toBe(true);
      expect((await limiter.limit(b, perMinute)).success).toBe(true);
      expect((await limiter.limit(a, perMinute)).success).toBe(false);
      expect((await limiter.limit(a, { limit: 1, windowMs: 3_600_000 })).success).toBe(true);
    });

    it("counts concurrent calls exactly", async () => {
      const limiter = make();
      const key = freshKey("burst");
      const results = await Promise.all(Array.from({ length: 60 }, () => limiter.limit(key, { limit: 25, windowMs: MINUTE })));
      expect(results.filter((r) => r.success)).toHaveLength(25);
    });

    it("applies a changed limit to what was already counted", async () => {
      const limiter = make();
      const key = freshKey("change");
      for (let i = 0; i < 3; i++) await limiter.limit(key, { limit: 10, windowMs: MINUTE });
      expect(await limiter.limit(key, { limit: 4, windowMs: MINUTE })).toMatchObject({ success: true, remaining: 0, limit: 4 });
      expect((await limiter.limit(key, { limit: 4, windowMs: MINUTE })).success).toBe(false);
    });

    if (backend.name === "upstash") {
      it("went through the REST bridge: EVALSHA by the flagged hash, EVAL once after NOSCRIPT", () => {
        expect(bridge!.commands.get("evalsha")).toBeGreaterThan(10);
        expect(bridge!.commands.get("eval")).toBeGreaterThan(0);
        expect(bridge!.commands.get("eval")).toBeLessThan(bridge!.commands.get("evalsha")!);
      });
    }

    it(`never admits more than N in any window, bursts across window edges from ${backend.name === "memory" ? "one process" : "two processes"} (100 per 2 s, real time)`, async () => {
      const limiters = backend.name === "memory" ? [make()] : [make({ timeoutMs: 5000 }), make({ timeoutMs: 5000 })];
      const key = freshKey("exact");
      const window = { limit: 100, windowMs: 2000 };
      const { subMs } = subWindows(window.windowMs);
      // Start just before a window's edge (of the fixed windows an approximation would weigh).
      await sleep((2 * window.windowMs - 200 - (Date.now() % window.windowMs)) % window.windowMs);
      const stopAt = Date.now() + 2 * window.windowMs + 500;
      const admitted: { at: number; sentAt: number; answeredAt: number }[] = [];
      const refused: number[] = [];
      const client = async (index: number) => {
        const limiter = limiters[index % limiters.length];
        while (Date.now() < stopAt) {
          const sentAt = Date.now();
          const result = await limiter.limit(key, window);
          const answeredAt = Date.now();
          // The shared store says when it counted the call (its clock); memory counts at once.
          const at = result.at ?? memoryClock;
          if (result.success) admitted.push({ at, sentAt, answeredAt });
          else refused.push(at);
          if (backend.name === "memory") await sleep(index % 3);
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, i) => client(i)));
      expect(refused.length).toBeGreaterThan(0);
      const worst = mostInAnyWindow(admitted.map((call) => call.at), window.windowMs);
      expect(worst.most, `${worst.most} admitted in the 2 s up to ${worst.endingAt}`).toBeLessThanOrEqual(window.limit);
      // The same from this side's clock alone (the store is on this machine, so it reads the same clock).
      expect(mostSurelyInAnyWindow(admitted, window.windowMs)).toBeLessThanOrEqual(window.limit);
      // Refused early by at most a sub-window: every refusal had N admitted in the window and a sub-window before it.
      const times = admitted.map((call) => call.at);
      for (const at of refused) expect(times.filter((t) => t > at - window.windowMs - subMs && t <= at).length).toBeGreaterThanOrEqual(window.limit);
    });

    if (backend.name !== "memory") {
      it("counts by the store's clock, whatever the gateway's clock says", async () => {
        const limiter = make();
        const key = freshKey("clock");
        const window = { limit: 2, windowMs: MINUTE };
        const before = Date.now();
        vi.useFakeTimers({ toFake: ["Date"] });
        // This gateway's clock is a year ahead; its counts still go in the store's current windows.
        vi.setSystemTime(before + 365 * 24 * 3_600_000);
        const results = [await limiter.limit(key, window), await limiter.limit(key, window), await limiter.limit(key, window)];
        vi.useRealTimers();
        expect(results.map((r) => r.success)).toEqual([true, true, false]);
        expect(results[0].at).toBeGreaterThanOrEqual(before - 1000);
        expect(results[0].at).toBeLessThanOrEqual(Date.now() + 1000);
        expect(results[2].reset).toBeLessThanOrEqual(Date.now() + MINUTE + 3000);
      });

      it("shares counts between limiters (gateway processes) on the same store", async () => {
        const [one, two] = [make(), make()];
        const key = freshKey("shared");
        const window = { limit: 10, windowMs: MINUTE };
        const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).limit(key, window)));
        expect(results.filter((r) => r.success)).toHaveLength(10);
      });

      it("fails within its timeout, and fast after repeated failures, when the store is unreachable", async () => {
        const dead = backend.name === "redis"
          ? new RedisLimiter({ url: "redis://127.0.0.1:1", prefix, timeoutMs: 150 })
          : new UpstashLimiter({ url: "http://127.0.0.1:1", token: "x", prefix, timeoutMs: 150 });
        open.push(dead);
        // Three failures in a row (each bounded by the timeout) make it fail fast for a while.
        for (let i = 0; i < 3; i++) {
          const started = Date.now();
          await expect(dead.limit("k", { limit: 1, windowMs: MINUTE })).rejects.toBeInstanceOf(LimiterUnavailableError);
          expect(Date.now() - started).toBeLessThan(1000);
        }
        const again = Date.now();
        await expect(dead.limit("k", { limit: 1, windowMs: MINUTE })).rejects.toBeInstanceOf(LimiterUnavailableError);
        expect(Date.now() - again).toBeLessThan(50);
      });
    }
  });
}

describe.runIf(testRedisUrl)("Lua scripts with Upstash's flag on a stock Redis", () => {
  let redis: Redis;
  let proxy: TcpProxy | undefined;
  beforeAll(() => void (redis = new Redis(testRedisUrl!)));
  afterAll(async () => {
    await proxy?.stop();
    redis.disconnect();
  });

  /** A script no Redis has cached yet, flagged as @upstash/ratelimit flags its own. */
  const flaggedScript = () => `#!lua flags=allow-key-locking\n-- ${Math.random()}\nreturn {tonumber(ARGV[1]) + 1, KEYS[1]}`;

  it("is refused by Redis as is, and runs through the adapter by hash once seen", async () => {
    const script = flaggedScript();
    await expect(redis.eval(script, 1, `${prefix}:k`, "1")).rejects.toThrow(/Unexpected flag/);

    const client = new Redis(testRedisUrl!);
    onTestFinished(() => void client.disconnect());
    const adapter = new IoredisScriptClient(client);
    // Unknown to Redis under its own hash: NOSCRIPT, which makes Ratelimit send the script itself.
    await expect(adapter.evalsha(sha1(script), [`${prefix}:k`], [1])).rejects.toThrow(/NOSCRIPT/);
    expect(await adapter.eval(script, [`${prefix}:k`], [1])).toEqual([2, `${prefix}:k`]);
    // From now on the flagged script's hash maps to the stripped script Redis has cached.
    expect(await adapter.evalsha(sha1(script), [`${prefix}:k`], [41])).toEqual([42, `${prefix}:k`]);
  });

  it("is served by the Upstash bridge: EVAL, SCRIPT LOAD and EVALSHA by the client's hash", async () => {
    const upstash = await startUpstashBridge(testRedisUrl!);
    try {
      const post = async (path: string, body: unknown, base64 = false) => {
        const response = await fetch(`${upstash.url}${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${upstash.token}`, ...(base64 ? { "upstash-encoding": "base64" } : {}) },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as unknown };
      };
      const script = flaggedScript();
      expect(await post("/", ["EVAL", script, 1, "k", 1])).toEqual({ status: 200, body: { result: [2, "k"] } });
      expect(await post("/", ["EVAL", script, 1, "k", 1], true)).toEqual({ status: 200, body: { result: [2, btoa("k")] } });
      const other = flaggedScript();
      expect(await post("/", ["SCRIPT", "LOAD", other])).toEqual({ status: 200, body: { result: sha1(other) } });
      expect(await post("/", ["EVALSHA", sha1(other), 1, "k", 5])).toEqual({ status: 200, body: { result: [6, "k"] } });
      expect((await post("/", ["EVALSHA", sha1(flaggedScript()), 0])).body).toMatchObject({ error: expect.stringMatching(/NOSCRIPT/) });
      const key = `${prefix}:bridge`;
      expect(await post("/pipeline", [["SET", key, "héllo"], ["GET", key], ["INCR", key]], true)).toEqual({
        status: 200,
        body: [{ result: "OK" }, { result: Buffer.from("héllo").toString("base64") }, { error: expect.stringMatching(/not an integer/) }],
      });
      expect(await post("/multi-exec", [["SET", key, "1"], ["INCR", key]])).toEqual({ status: 200, body: [{ result: "OK" }, { result: 2 }] });
      const denied = await fetch(upstash.url, { method: "POST", headers: { authorization: "Bearer wrong" }, body: '["PING"]' });
      expect(denied.status).toBe(401);
    } finally {
      await upstash.close();
    }
  });

  it("counts by the caller's clock where the store refuses TIME in scripts", async () => {
    const user = `portcullis-test-${Math.random().toString(36).slice(2)}`;
    const password = Math.random().toString(36).slice(2);
    await redis.call("ACL", "SETUSER", user, "on", `>${password}`, "~*", "+@all", "-time");
    const url = new URL(testRedisUrl!);
    url.username = user;
    url.password = password;
    const limiter = new RedisLimiter({ url: url.toString(), prefix });
    onTestFinished(async () => {
      vi.useRealTimers();
      await limiter.close();
      await redis.call("ACL", "DELUSER", user);
    });
    const callerClock = Date.now() + 365 * 24 * 3_600_000;
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(callerClock);
    const window = { limit: 2, windowMs: MINUTE };
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await limiter.limit(`no-time:${callerClock}`, window));
    expect(results.map((r) => r.success)).toEqual([true, true, false]);
    expect(results.map((r) => r.at)).toEqual([callerClock, callerClock, callerClock]);
  });

  for (const kind of ["redis", "upstash"] as const) {
    it(`[${kind}] fails while Redis is gone and recovers when it is back`, async () => {
      proxy = await startTcpProxy(testRedisUrl!);
      const viaBridge = kind === "upstash" ? await startUpstashBridge(proxy.url) : undefined;
      const limiter: Limiter =
        kind === "redis"
          ? new RedisLimiter({ url: proxy.url, prefix, timeoutMs: 150 })
          : new UpstashLimiter({ url: viaBridge!.url, token: viaBridge!.token, prefix, timeoutMs: 150 });
      const key = `outage:${kind}:${Date.now()}`;
      const window = { limit: 100, windowMs: MINUTE };
      try {
        expect((await limiter.limit(key, window)).success).toBe(true);
        await proxy.stop();
        const started = Date.now();
        await expect(limiter.limit(key, window)).rejects.toBeInstanceOf(LimiterUnavailableError);
        expect(Date.now() - started).toBeLessThan(1000);
        await proxy.start();
        await vi.waitFor(async () => expect((await limiter.limit(key, window)).success).toBe(true), { timeout: 5000, interval: 100 });
      } finally {
        await limiter.close?.();
        await viaBridge?.close();
        await proxy.stop();
      }
    });
  }
});
