import { afterAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { deleteKeys, startTcpProxy, testRedisUrl, uniqueRedisPrefix } from "@/test/harness/redis";
import { addressBucket, createSignInLimiter, guardSignIn, SIGN_IN_WINDOWS, UNDER_ATTACK_PAIR_LIMIT, type SignInStore } from "./sign-in-throttle";
import { captureLogs } from "@/test/harness/logs";

const prefix = uniqueRedisPrefix("sign-in");
afterAll(async () => {
  if (testRedisUrl) await deleteKeys(testRedisUrl, prefix);
});

function open(env: Parameters<typeof createSignInLimiter>[0]) {
  const limiter = createSignInLimiter(env);
  onTestFinished(() => limiter.close());
  return limiter;
}

const email = () => `someone-${Math.random().toString(36).slice(2)}@example.test`;
const OWNER = { id: "owner" };

/** One sign-in: the password check answers `right` (the owner) or null, and says whether it ran. */
async function attempt(store: SignInStore, account: string, address: string, right: boolean) {
  let checked = false;
  const outcome = await guardSignIn(account, address, async () => ((checked = true), right ? OWNER : null), store);
  return { ...outcome, checked };
}

async function fail(store: SignInStore, account: string, address: string, times: number) {
  for (let i = 0; i < times; i++) expect(await attempt(store, account, address, false)).toMatchObject({ throttled: false, checked: true });
}

describe("sign-in throttle", () => {
  it("refuses an address after its failures on one account, without checking its password, while the owner signs in from elsewhere", async () => {
    const limiter = open({ REDIS_KEY_PREFIX: prefix });
    const account = email();
    await fail(limiter, account, "198.51.100.1", SIGN_IN_WINDOWS.perPair.limit);
    const refused = await attempt(limiter, account.toUpperCase(), "198.51.100.1", true);
    expect(refused).toMatchObject({ throttled: true, checked: false });
    expect(refused.throttled && refused.wait).toBeGreaterThan(0);
    // Another address is not this one: the owner's right password gets in, and so does a wrong one count there only.
    expect(await attempt(limiter, account, "203.0.113.9", true)).toMatchObject({ throttled: false, value: OWNER });
    expect(await attempt(limiter, account, "203.0.113.9", false)).toMatchObject({ throttled: false, value: null, checked: true });
    // The guesser may still sign in to other accounts: its failures are on this one.
    expect(await attempt(limiter, email(), "198.51.100.1", true)).toMatchObject({ throttled: false, value: OWNER });
  });

  it("counts failures, not sign-ins: successes from one address never add up to a refusal", async () => {
    const limiter = open({ REDIS_KEY_PREFIX: prefix });
    const account = email();
    for (let i = 0; i < SIGN_IN_WINDOWS.perPair.limit * 3; i++) {
      expect(await attempt(limiter, account, "198.51.100.2", true)).toMatchObject({ throttled: false, value: OWNER });
    }
    await fail(limiter, account, "198.51.100.2", SIGN_IN_WINDOWS.perPair.limit);
    expect(await attempt(limiter, account, "198.51.100.2", true)).toMatchObject({ throttled: true, checked: false });
  });

  it("refuses an address on every account once it failed on many", async () => {
    const limiter = open({ REDIS_KEY_PREFIX: prefix });
    const address = "198.51.100.3";
    const perAccount = SIGN_IN_WINDOWS.perPair.limit - 1;
    for (let done = 0; done < SIGN_IN_WINDOWS.perAddress.limit; done += perAccount) {
      await fail(limiter, email(), address, Math.min(perAccount, SIGN_IN_WINDOWS.perAddress.limit - done));
    }
    expect(await attempt(limiter, email(), address, true)).toMatchObject({ throttled: true, checked: false });
    expect(await attempt(limiter, email(), "198.51.100.4", true)).toMatchObject({ throttled: false, value: OWNER });
  });

  it("checks at most the pair's limit of guesses sent all at once", async () => {
    const limiter = open({ REDIS_KEY_PREFIX: prefix });
    const account = email();
    let checks = 0;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const guesses = Array.from({ length: 40 }, () =>
      guardSignIn(account, "198.51.100.5", async () => (checks++, await gate, null), limiter),
    );
    await vi.waitFor(() => expect(checks).toBe(SIGN_IN_WINDOWS.perPair.limit));
    release();
    const outcomes = await Promise.all(guesses);
    expect(checks).toBe(SIGN_IN_WINDOWS.perPair.limit);
    expect(outcomes.filter((o) => o.throttled)).toHaveLength(40 - SIGN_IN_WINDOWS.perPair.limit);
  });

  it("slows guessing spread over many addresses without locking the owner out", async () => {
    const limiter = open({ REDIS_KEY_PREFIX: prefix });
    const account = email();
    // Each of many addresses guesses a few times; together they pass the account's ceiling.
    const perAddress = UNDER_ATTACK_PAIR_LIMIT + 1;
    const addresses = Math.ceil(SIGN_IN_WINDOWS.perAccount.limit / perAddress);
    for (let i = 0; i < addresses; i++) await fail(limiter, account, `10.1.${Math.floor(i / 250)}.${i % 250}`, perAddress);
    // Under attack: an address that already failed that often on the account is refused…
    expect(await attempt(limiter, account, "10.1.0.0", true)).toMatchObject({ throttled: true, checked: false });
    // …a fresh one gets only a few guesses…
    await fail(limiter, account, "10.2.0.1", UNDER_ATTACK_PAIR_LIMIT);
    expect(await attempt(limiter, account, "10.2.0.1", false)).toMatchObject({ throttled: true, checked: false });
    // …and the owner, from an address that has not been guessing (or mistyped once), signs in.
    expect(await attempt(limiter, account, "192.0.2.50", false)).toMatchObject({ throttled: false, checked: true });
    expect(await attempt(limiter, account, "192.0.2.50", true)).toMatchObject({ throttled: false, value: OWNER });
  });

  it("gives back the counts of a check that threw (not a wrong password)", async () => {
    const limiter = open({ REDIS_KEY_PREFIX: prefix });
    const account = email();
    for (let i = 0; i < SIGN_IN_WINDOWS.perPair.limit * 2; i++) {
      await expect(guardSignIn(account, "198.51.100.6", () => Promise.reject(new Error("database down")), limiter)).rejects.toThrow("database down");
    }
    expect(await attempt(limiter, account, "198.51.100.6", true)).toMatchObject({ throttled: false, value: OWNER });
  });

  it("counts an IPv6 host by its /64, and an IPv4-mapped address as the IPv4 one", () => {
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe(addressBucket("2001:db8:1:2:ffff::9"));
    expect(addressBucket("2001:db8:1:2::1")).not.toBe(addressBucket("2001:db8:1:3::1"));
    expect(addressBucket("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(addressBucket("unknown")).toBe("unknown");
  });

  it.skipIf(!testRedisUrl)("shares one count between two processes' limiters over the same Redis, and gives successes back there (needs TEST_REDIS_URL)", async () => {
    const first = open({ REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: prefix });
    const second = open({ REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: prefix });
    const account = email();
    for (let i = 0; i < SIGN_IN_WINDOWS.perPair.limit * 2; i++) {
      expect(await attempt(i % 2 ? first : second, account, "203.0.113.1", true)).toMatchObject({ value: OWNER });
    }
    for (let i = 0; i < SIGN_IN_WINDOWS.perPair.limit; i++) {
      expect(await attempt(i % 2 ? first : second, account, "203.0.113.1", false)).toMatchObject({ throttled: false, checked: true });
    }
    expect(await attempt(first, account, "203.0.113.1", true)).toMatchObject({ throttled: true, checked: false });
    expect(await attempt(second, account, "203.0.113.1", true)).toMatchObject({ throttled: true, checked: false });
    expect(await attempt(second, account, "203.0.113.2", true)).toMatchObject({ throttled: false, value: OWNER });
  });

  it.skipIf(!testRedisUrl)("keeps counting in memory while Redis is down, logs it once, and returns to Redis (needs TEST_REDIS_URL)", async () => {
    const proxy = await startTcpProxy(testRedisUrl!);
    onTestFinished(() => proxy.stop());
    const logs = captureLogs();
    onTestFinished(logs.restore);
    const limiter = open({ REDIS_URL: proxy.url, REDIS_KEY_PREFIX: prefix });
    const other = open({ REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: prefix });
    const account = email();
    await fail(limiter, account, "192.0.2.1", 1);

    await proxy.stop();
    await fail(limiter, account, "192.0.2.1", SIGN_IN_WINDOWS.perPair.limit);
    expect(await attempt(limiter, account, "192.0.2.1", true)).toMatchObject({ throttled: true, checked: false });
    expect(logs.at("error").filter((line) => line.msg?.startsWith("sign-in limiter unavailable"))).toHaveLength(1);
    // The failures during the outage were this process's alone: Redis saw only the first.
    expect(await attempt(other, account, "192.0.2.1", true)).toMatchObject({ throttled: false, value: OWNER });

    await proxy.start();
    await vi.waitFor(async () => {
      await attempt(limiter, email(), "192.0.2.3", true);
      expect(logs.at("info").some((line) => line.msg?.startsWith("sign-in limiter reachable again"))).toBe(true);
    }, { timeout: 10_000, interval: 200 });
  });
});
