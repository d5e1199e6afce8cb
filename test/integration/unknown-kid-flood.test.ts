import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { config } from "@/lib/config";
import { createGatewayServer } from "@/lib/gateway/node-listener";
import { startGatewayRuntime, type GatewayRuntime } from "@/lib/gateway/node/runtime";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { rotateSigningKey } from "@/lib/keys/signing-keys";
import { MemoryLimiter } from "@/lib/throttling/memory-limiter";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser, ctxFor } from "@/test/harness/factories";
import { createApi, createApplication, startBackend, subscribe, type TestBackend } from "@/test/harness/gateway-fixtures";

/** The database as the gateway sees it, counting the reads it starts (usage writes are not reads). */
function countingDatabase(db: Database) {
  const counter = { reads: 0 };
  const proxy = new Proxy(db, {
    get(target, property, receiver) {
      if (property === "select" || property === "selectDistinct") counter.reads++;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { db: proxy, counter };
}

describeEachInstalledDatabase("tokens with unknown signing key ids", (db) => {
  let backend: TestBackend;
  let runtime: GatewayRuntime;
  let server: http.Server;
  let counter: { reads: number };
  let gateway = "";
  let path = "";
  let issue: () => Promise<string>;

  beforeAll(async () => {
    backend = await startBackend("kid-flood");
    const api = await createApi(db(), { production: backend.url });
    path = `${api.context}/1.0.0/echo`;
    const owner = await createUser(db());
    const app = await createApplication(db(), owner.id);
    await subscribe(db(), app.id, api.id);
    const input = { applicationId: app.id, keyType: "PRODUCTION" };
    await generateConsumerKeys({ ctx: ctxFor(db(), owner), input });
    issue = async () => (await issueApplicationToken({ ctx: ctxFor(db(), owner), input })).accessToken;
    await issue();
    const counted = countingDatabase(db());
    counter = counted.counter;
    runtime = await startGatewayRuntime({
      db: counted.db,
      mount: "embedded",
      issuer: config().publicUrl,
      trustedOrigins: [],
      limiter: new MemoryLimiter(),
      limiterFailureMode: "open",
    });
    server = createGatewayServer(runtime.handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await runtime?.stop();
    await backend?.close();
  });

  const call = (token: string) => fetch(`${gateway}${path}`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as { code?: string } }));

  it("costs at most a couple of key reads and no snapshot rebuild for 1,000 tokens with made-up key ids", async () => {
    expect((await call(await issue())).status).toBe(200);
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await Promise.all(
      Array.from({ length: 1000 }, () =>
        new SignJWT({ client_id: "x", key_type: "PRODUCTION", aut: "APPLICATION" })
          .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: randomUUID() })
          .setIssuer(config().publicUrl)
          .setSubject(randomUUID())
          .setJti(randomUUID())
          .setIssuedAt()
          .setExpirationTime("1h")
          .sign(privateKey),
      ),
    );
    const rebuilds = vi.spyOn(runtime.store, "refresh");
    const readsBefore = counter.reads;
    const statuses: number[] = [];
    for (let i = 0; i < forged.length; i += 50) {
      const batch = await Promise.all(forged.slice(i, i + 50).map(call));
      for (const answer of batch) {
        statuses.push(answer.status);
        expect(answer.body.code).toBe("900901");
      }
    }
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(rebuilds).not.toHaveBeenCalled();
    expect(counter.reads - readsBefore).toBeLessThanOrEqual(2);
    rebuilds.mockRestore();
  }, 60_000);

  it("knows a freshly rotated key on the very next call, even right after a flood", async () => {
    const rotated = await rotateSigningKey(db(), { noticeSeconds: 0 });
    const token = await issue();
    expect(decodeProtectedHeader(token).kid).toBe(rotated.kid);
    expect((await call(token)).status).toBe(200);
  });
});
