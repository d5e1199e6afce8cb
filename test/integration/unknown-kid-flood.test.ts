import { randomUUID } from "node:crypto";
import { decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { config } from "@/lib/config";
import { rotateSigningKey } from "@/lib/keys/signing-keys";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser } from "@/test/harness/factories";
import { createApi, createApplicationWithToken, startBackend, type TestBackend } from "@/test/harness/gateway-fixtures";
import { startTestGateway, type TestGateway } from "@/test/harness/gateway-process";

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
  let gateway: TestGateway;
  let counter: { reads: number };
  let path = "";
  let issue: () => Promise<string>;

  beforeAll(async () => {
    backend = await startBackend("kid-flood");
    const api = await createApi(db(), { production: backend.url });
    path = `${api.context}/1.0.0/echo`;
    const owner = await createUser(db());
    ({ issue } = await createApplicationWithToken(db(), owner, { apiIds: [api.id] }));
    const counted = countingDatabase(db());
    counter = counted.counter;
    gateway = await startTestGateway(counted.db);
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await backend?.close();
  });

  const call = (token: string) => fetch(`${gateway.url}${path}`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as { code?: string } }));

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
    const rebuilds = vi.spyOn(gateway.runtime.store, "refresh");
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
