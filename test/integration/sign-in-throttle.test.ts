import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { installDatabase } from "@/db";
import { authOptions, TOO_MANY_ATTEMPTS } from "@/lib/auth/next-auth";
import { SIGN_IN_WINDOWS } from "@/lib/auth/sign-in-throttle";
import { config } from "@/lib/config";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { handleRegistrationRequest } from "@/lib/keys/oauth/register-endpoint";
import { handleTokenRequest } from "@/lib/keys/oauth/token-endpoint";
import { createTestDatabase, enabledDrivers, type TestDatabase } from "@/test/harness/databases";
import { createUser, ctxFor, TEST_PASSWORD } from "@/test/harness/factories";
import { createApplication } from "@/test/harness/gateway-fixtures";

// As `npm start` runs the app: its portal server stamps each request's address (and sets this token).
vi.hoisted(() => {
  process.env.INTERNAL_TOKEN = "internal-token-for-sign-in-tests-0123456789";
});

/**
 * The three ways to sign in with a password, each through its real entry point, from two client
 * addresses as the portal server stamps them: a guesser at A is stopped without its guesses being
 * checked, while the owner at B signs in. The addresses differ per test so the tests stay apart.
 */
const driver = enabledDrivers().includes("pg") ? "pg" : "pglite";
const GUESSES = SIGN_IN_WINDOWS.perPair.limit + 2;

describe(`sign-in throttling by address [${driver}]`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
    installDatabase(database);
  });
  afterAll(async () => database?.close());

  /** The portal form: next-auth's credentials provider as /api/auth/callback/credentials runs it. */
  async function portalSignIn(email: string, password: string, headers: Record<string, string>) {
    const provider = authOptions().providers[0] as unknown as {
      options: { authorize: (credentials: Record<string, string>, request: { headers: Record<string, string> }) => Promise<unknown> };
    };
    try {
      return { user: await provider.options.authorize({ email, password }, { headers }) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  it("the portal form: the owner signs in from B after a dozen wrong guesses from A", async () => {
    const owner = await createUser(database.db);
    const from = (address: string) => ({ [CLIENT_ADDRESS_HEADER]: address });
    const outcomes = [];
    for (let i = 0; i < GUESSES; i++) outcomes.push(await portalSignIn(owner.email, `wrong-${i}`, from("198.51.100.10")));
    expect(outcomes.slice(0, SIGN_IN_WINDOWS.perPair.limit)).toEqual(Array(SIGN_IN_WINDOWS.perPair.limit).fill({ user: null }));
    expect(outcomes.at(-1)).toEqual({ error: TOO_MANY_ATTEMPTS });
    // A is refused before its password is checked: even the right one does not get in from there.
    expect(await portalSignIn(owner.email, TEST_PASSWORD, from("198.51.100.10"))).toEqual({ error: TOO_MANY_ATTEMPTS });
    expect(await portalSignIn(owner.email, TEST_PASSWORD, from("203.0.113.10"))).toMatchObject({ user: { id: owner.id } });
  });

  it("the portal form: a guesser forging X-Forwarded-For stays one address", async () => {
    const owner = await createUser(database.db);
    for (let i = 0; i < GUESSES; i++) {
      await portalSignIn(owner.email, "wrong", { [CLIENT_ADDRESS_HEADER]: "198.51.100.11", "x-forwarded-for": `192.0.2.${i + 1}` });
    }
    expect(await portalSignIn(owner.email, TEST_PASSWORD, { [CLIENT_ADDRESS_HEADER]: "198.51.100.11", "x-forwarded-for": "192.0.2.200" })).toEqual({
      error: TOO_MANY_ATTEMPTS,
    });
    expect(await portalSignIn(owner.email, TEST_PASSWORD, { [CLIENT_ADDRESS_HEADER]: "203.0.113.11" })).toMatchObject({ user: { id: owner.id } });
  });

  it("the OAuth password grant: the owner gets a token from B after a dozen wrong guesses from A", async () => {
    const db = database.db;
    const owner = await createUser(db);
    const app = await createApplication(db, owner.id);
    const keys = await generateConsumerKeys({ ctx: ctxFor(db, owner), input: { applicationId: app.id, keyType: "PRODUCTION" } });
    const grant = (password: string, address: string) =>
      handleTokenRequest(
        new Request(`${config().publicUrl}/oauth2/token`, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            authorization: `Basic ${btoa(`${keys.consumerKey}:${keys.consumerSecret}`)}`,
            [CLIENT_ADDRESS_HEADER]: address,
          },
          body: new URLSearchParams({ grant_type: "password", username: owner.email, password }),
        }),
      );
    for (let i = 0; i < SIGN_IN_WINDOWS.perPair.limit; i++) {
      const wrong = await grant(`wrong-${i}`, "198.51.100.12");
      expect(await wrong.json()).toMatchObject({ error: "invalid_grant", error_description: "The username or password is wrong." });
    }
    const throttled = await grant(TEST_PASSWORD, "198.51.100.12");
    expect(throttled.status).toBe(400);
    expect(throttled.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await throttled.json()).toMatchObject({ error: "invalid_grant", error_description: expect.stringMatching(/^Too many sign-in attempts/) });
    const owners = await grant(TEST_PASSWORD, "203.0.113.12");
    expect(owners.status).toBe(200);
    expect(await owners.json()).toMatchObject({ token_type: expect.stringMatching(/^bearer$/i) });
  });

  it("/oauth2/register with the owner's Basic credentials: registers from B after a dozen wrong guesses from A", async () => {
    const owner = await createUser(database.db);
    const register = (password: string, address: string) =>
      handleRegistrationRequest(
        new Request(`${config().publicUrl}/oauth2/register`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Basic ${Buffer.from(`${owner.email}:${password}`).toString("base64")}`,
            [CLIENT_ADDRESS_HEADER]: address,
          },
          body: JSON.stringify({ client_name: "throttle test", grant_types: ["client_credentials"] }),
        }),
      );
    for (let i = 0; i < SIGN_IN_WINDOWS.perPair.limit; i++) expect((await register(`wrong-${i}`, "198.51.100.13")).status).toBe(401);
    const throttled = await register(TEST_PASSWORD, "198.51.100.13");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await register(TEST_PASSWORD, "203.0.113.13")).status).toBe(201);
  });

  it("a right password is not a failure: signing in again and again from one address never locks it", async () => {
    const owner = await createUser(database.db);
    for (let i = 0; i < GUESSES * 2; i++) {
      expect(await portalSignIn(owner.email, TEST_PASSWORD, { [CLIENT_ADDRESS_HEADER]: "198.51.100.14" })).toMatchObject({ user: { id: owner.id } });
    }
  });
});
