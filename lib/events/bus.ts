import { ControlPlaneEvent } from "./events";
import { logger } from "@/lib/observability/log-core";

const log = logger("events");

export type { ControlPlaneEvent, ControlPlaneEventType } from "./events";

/** A handler's promise holds up `announce` in this process (never another process's delivery). */
export type EventHandler = (event: ControlPlaneEvent) => void | Promise<void>;

/** What travels on a transport: the event and the bus that published it, so a bus skips its own echo. */
export type EventEnvelope = { origin: string; event: ControlPlaneEvent };

/**
 * Carries events between processes (Redis pub/sub, Postgres NOTIFY, …). `send` is fire-and-forget;
 * `listen` hands every envelope received, including this process's own, and returns a stop function.
 */
export type EventTransport = {
  send(envelope: EventEnvelope): Promise<void>;
  listen(receive: (envelope: unknown) => void): () => void;
};

type Bus = {
  origin: string;
  handlers: Set<EventHandler>;
  transport?: { transport: EventTransport; stop: () => void };
};

/** One bus per process on `globalThis`: Next's bundle and the process entry each hold a copy of this module. */
const BUS_KEY = Symbol.for("portcullis.events.bus");
type Holder = { [BUS_KEY]?: Bus };

function bus(): Bus {
  const holder = globalThis as Holder;
  return (holder[BUS_KEY] ??= { origin: crypto.randomUUID(), handlers: new Set() });
}

/**
 * The one way a service tells the gateways (and anything else listening) what changed, called after
 * the transaction that changed it committed. Delivers to this process's handlers now, and to other
 * processes through the transport if one is set. Resolves once the transport took the events and this
 * process's handlers are done, so the gateway in this process has caught up with the change when the
 * write that announced it answers (SPEC "Consistency: read your own writes at the gateway").
 *
 * Never rejects: the change is already saved, so a failure here must not turn the write into an
 * error. Every failure is logged with the event's type; a gateway that missed an event catches up on
 * its periodic refresh.
 */
export async function announce(...events: ControlPlaneEvent[]): Promise<void> {
  for (const event of events) {
    try {
      await announceOne(event);
    } catch (error) {
      log.error({ err: error, event: (event as { type?: unknown } | null)?.type }, "could not announce a change");
    }
  }
}

async function announceOne(event: ControlPlaneEvent): Promise<void> {
  const parsed = ControlPlaneEvent.parse(event);
  const current = bus();
  const delivered = deliver(current, parsed);
  if (current.transport) {
    await current.transport.transport.send({ origin: current.origin, event: parsed }).catch((error: unknown) => {
      log.error({ err: error, event: parsed.type }, "transport send failed");
    });
  }
  await delivered;
}

/** Calls `handler` for every event from now on; returns the unsubscribe function. */
export function subscribe(handler: EventHandler): () => void {
  const current = bus();
  current.handlers.add(handler);
  return () => {
    current.handlers.delete(handler);
  };
}

/** Plugs in (or, with null, removes) the cross-process transport. Received envelopes are validated. */
export function setEventTransport(transport: EventTransport | null): void {
  const current = bus();
  current.transport?.stop();
  current.transport = undefined;
  if (!transport) return;
  const stop = transport.listen((raw) => {
    const envelope = parseEnvelope(raw);
    if (envelope && envelope.origin !== current.origin) void deliver(current, envelope.event);
  });
  current.transport = { transport, stop };
}

function parseEnvelope(raw: unknown): EventEnvelope | null {
  if (!raw || typeof raw !== "object") return null;
  const { origin, event } = raw as { origin?: unknown; event?: unknown };
  const parsed = ControlPlaneEvent.safeParse(event);
  if (typeof origin !== "string" || !parsed.success) {
    log.warn("dropped a malformed envelope from the transport");
    return null;
  }
  return { origin, event: parsed.data };
}

/** A failing handler is logged and never stops the others or the announcer; resolves when the handlers are done. */
function deliver(current: Bus, event: ControlPlaneEvent): Promise<unknown> {
  const pending: Promise<void>[] = [];
  for (const handler of [...current.handlers]) {
    try {
      const result = handler(event);
      if (result instanceof Promise) pending.push(result.catch((error: unknown) => log.error({ err: error, event: event.type }, "event handler failed")));
    } catch (error) {
      log.error({ err: error, event: event.type }, "event handler failed");
    }
  }
  return pending.length ? Promise.all(pending) : Promise.resolve();
}
