import http from "node:http";
import type { AddressInfo, LookupFunction } from "node:net";
import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardedConnector, guardedLookup, type HostLookup } from "./guarded-dial";

/** A resolver of the test's own: names and what they resolve to, with no DNS involved. */
function fakeLookup(table: Record<string, string[]>): HostLookup {
  return async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
}

function lookupOnce(lookup: LookupFunction, hostname: string, options: Parameters<LookupFunction>[1]) {
  return new Promise<{ error: NodeJS.ErrnoException | null; result: unknown }>((resolve) =>
    lookup(hostname, options, (error, address, family) => resolve({ error, result: options.all ? address : { address, family } })),
  );
}

describe("guarded dialling", () => {
  let server: http.Server;
  let port = 0;
  let requests = 0;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      requests++;
      res.end("reached");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const table = {
    "private.test": ["127.0.0.1"],
    "mixed.test": ["93.184.216.34", "127.0.0.1"],
    "metadata.test": ["169.254.169.254"],
    "mapped.test": ["::ffff:127.0.0.1"],
    "public.test": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
  };

  async function requestThrough(origin: string, lookup?: HostLookup) {
    const pool = new Pool(origin, { connect: guardedConnector({ lookup, timeout: 2000 }) });
    try {
      const response = await pool.request({ path: "/", method: "GET" });
      return { status: response.statusCode, body: await response.body.text() };
    } catch (error) {
      return { error: error as NodeJS.ErrnoException };
    } finally {
      await pool.destroy();
    }
  }

  it("refuses a name that resolves to a private address, wholly or in part, before any byte is sent", async () => {
    const before = requests;
    for (const name of ["private.test", "mixed.test", "metadata.test", "mapped.test"]) {
      const answer = await requestThrough(`http://${name}:${port}`, fakeLookup(table));
      expect(answer.error?.code, name).toBe("EPRIVATE");
    }
    // The system resolver: localhost is a name like any other and resolves to loopback.
    expect((await requestThrough(`http://localhost:${port}`)).error?.code).toBe("EPRIVATE");
    expect(requests).toBe(before);
  });

  it("refuses IP literals (which never reach a lookup) in every spelling the URL parser accepts", async () => {
    const before = requests;
    for (const host of ["127.0.0.1", "2130706433", "0x7f.1", "017700000001", "127.1", "[::1]", "[::ffff:127.0.0.1]", "0.0.0.0", "[::]"]) {
      const answer = await requestThrough(`http://${host}:${port}`);
      expect(answer.error?.code, host).toBe("EPRIVATE");
    }
    expect(requests).toBe(before);
    // The same backend without the guard: the refusals above were the guard's, not the network's.
    const pool = new Pool(`http://127.0.0.1:${port}`);
    expect((await pool.request({ path: "/", method: "GET" })).statusCode).toBe(200);
    await pool.destroy();
    expect(requests).toBe(before + 1);
  });

  it("hands the socket exactly the addresses it checked, in the form asked for", async () => {
    const lookup = guardedLookup(fakeLookup(table));
    expect(await lookupOnce(lookup, "public.test", { all: true })).toEqual({
      error: null,
      result: [
        { address: "93.184.216.34", family: 4 },
        { address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 },
      ],
    });
    expect(await lookupOnce(lookup, "public.test", {})).toEqual({ error: null, result: { address: "93.184.216.34", family: 4 } });
    expect(await lookupOnce(lookup, "public.test", { family: 6 })).toEqual({ error: null, result: { address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 } });
    // A private address of the other family still refuses the name.
    expect((await lookupOnce(lookup, "mixed.test", { family: 4, all: true })).error?.code).toBe("EPRIVATE");
    expect((await lookupOnce(lookup, "nowhere.test", { all: true })).error?.code).toBe("ENOTFOUND");
  });

  it("resolves again for each new connection, so a name that turns private later is refused then", async () => {
    let calls = 0;
    const rebinding: HostLookup = async () => {
      calls++;
      return [{ address: calls === 1 ? "93.184.216.34" : "127.0.0.1", family: 4 }];
    };
    const lookup = guardedLookup(rebinding);
    expect((await lookupOnce(lookup, "rebind.test", { all: true })).error).toBeNull();
    const before = requests;
    expect((await requestThrough(`http://rebind.test:${port}`, rebinding)).error?.code).toBe("EPRIVATE");
    expect(requests).toBe(before);
  });
});
