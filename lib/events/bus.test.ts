import { afterEach, describe, expect, it } from "vitest";
import { announce, setEventTransport, subscribe, type EventEnvelope, type EventTransport } from "./bus";
import { captureLogs } from "@/test/harness/logs";

/** A transport that loops every sent envelope back to all listeners, as Redis pub/sub does. */
function loopback() {
  const listeners = new Set<(envelope: unknown) => void>();
  const sent: EventEnvelope[] = [];
  const transport: EventTransport = {
    async send(envelope) {
      sent.push(envelope);
      for (const listener of listeners) listener(JSON.parse(JSON.stringify(envelope)));
    },
    listen(receive) {
      listeners.add(receive);
      return () => listeners.delete(receive);
    },
  };
  return { transport, sent, inject: (envelope: unknown) => listeners.forEach((l) => l(envelope)) };
}

describe("control-plane event bus", () => {
  afterEach(() => setEventTransport(null));

  it("delivers to subscribers until they unsubscribe", async () => {
    const seen: unknown[] = [];
    const stop = subscribe((event) => {
      seen.push(event);
    });
    await announce({ type: "token.revoked", jti: "a", expiresAt: 123 });
    stop();
    await announce({ type: "api.changed", apiId: "b" });
    expect(seen).toEqual([{ type: "token.revoked", jti: "a", expiresAt: 123 }]);
  });

  it("keeps delivering when a handler throws", async () => {
    const logs = captureLogs();
    const seen: string[] = [];
    const stops = [
      subscribe(() => {
        throw new Error("boom");
      }),
      subscribe(async () => {
        throw new Error("async boom");
      }),
      subscribe((event) => {
        seen.push(event.type);
      }),
    ];
    await announce({ type: "application.changed", applicationId: "x" });
    await new Promise((resolve) => setTimeout(resolve, 0));
    stops.forEach((stop) => stop());
    expect(seen).toEqual(["application.changed"]);
    expect(logs.at("error")).toHaveLength(2);
    logs.restore();
  });

  it("sends through a transport, skips its own echo and delivers other processes' events once", async () => {
    const { transport, sent, inject } = loopback();
    setEventTransport(transport);
    const seen: unknown[] = [];
    const stop = subscribe((event) => {
      seen.push(event);
    });
    await announce({ type: "subscription.changed", subscriptionId: "s", applicationId: "a", apiId: "p" });
    expect(sent).toHaveLength(1);
    expect(seen).toHaveLength(1);
    inject({ origin: "another-process", event: { type: "token.revoked", jti: "j", expiresAt: null } });
    const logs = captureLogs();
    inject({ origin: "another-process", event: { type: "nonsense" } });
    logs.restore();
    stop();
    expect(seen).toEqual([
      { type: "subscription.changed", subscriptionId: "s", applicationId: "a", apiId: "p" },
      { type: "token.revoked", jti: "j", expiresAt: null },
    ]);
  });

  it("resolves once this process's handlers are done (the local gateway caught up), and not for another process's events", async () => {
    const { transport, inject } = loopback();
    setEventTransport(transport);
    let release = () => {};
    const handled: string[] = [];
    const stop = subscribe(async (event) => {
      await new Promise<void>((resolve) => (release = resolve));
      handled.push(event.type);
    });
    let published = false;
    const publishing = announce({ type: "policies.changed" }).then(() => (published = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(published).toBe(false);
    release();
    await publishing;
    expect(handled).toEqual(["policies.changed"]);
    inject({ origin: "another-process", event: { type: "blocking.changed" } });
    release();
    stop();
  });

  it("never rejects: a malformed event is refused and logged with its type, the others still go out", async () => {
    const logs = captureLogs();
    const seen: string[] = [];
    const stop = subscribe((event) => {
      seen.push(event.type);
    });
    await expect(announce({ type: "token.revoked", jti: "" } as never, { type: "policies.changed" })).resolves.toBeUndefined();
    stop();
    logs.restore();
    expect(seen).toEqual(["policies.changed"]);
    expect(logs.at("error")).toEqual([expect.objectContaining({ component: "events", event: "token.revoked", msg: "could not announce a change" })]);
  });

  it("logs a failing transport with the event's type and still delivers in this process", async () => {
    setEventTransport({
      send: () => Promise.reject(new Error("redis down")),
      listen: () => () => {},
    });
    const logs = captureLogs();
    const seen: string[] = [];
    const stop = subscribe((event) => {
      seen.push(event.type);
    });
    await announce({ type: "blocking.changed" });
    stop();
    logs.restore();
    expect(seen).toEqual(["blocking.changed"]);
    expect(logs.at("error")).toEqual([expect.objectContaining({ event: "blocking.changed", msg: "transport send failed" })]);
  });
});
