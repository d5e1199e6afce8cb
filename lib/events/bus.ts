import { ControlPlaneEvent } from "./events";
import { describeError } from "@/lib/http/safe-error";

export type { ControlPlaneEvent, ControlPlaneEventType } from "./events";

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

/** Delivers to this process's handlers now, and to other processes through the transport if one is set. */
export async function publish(event: ControlPlaneEvent): Promise<void> {
  const parsed = ControlPlaneEvent.parse(event);
  const current = bus();
  deliver(current, parsed);
  if (current.transport) {
    await current.transport.transport.send({ origin: current.origin, event: parsed }).catch((error: unknown) => {
      console.error("[events] transport send failed:", error);
    });
  }
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
    if (envelope && envelope.origin !== current.origin) deliver(current, envelope.event);
  });
  current.transport = { transport, stop };
}

function parseEnvelope(raw: unknown): EventEnvelope | null {
  if (!raw || typeof raw !== "object") return null;
  const { origin, event } = raw as { origin?: unknown; event?: unknown };
  const parsed = ControlPlaneEvent.safeParse(event);
  if (typeof origin !== "string" || !parsed.success) {
    console.error("[events] dropped a malformed envelope from the transport");
    return null;
  }
  return { origin, event: parsed.data };
}

/** A failing handler is logged and never stops the others or the publisher. */
function deliver(current: Bus, event: ControlPlaneEvent): void {
  for (const handler of [...current.handlers]) {
    try {
      const result = handler(event);
      if (result instanceof Promise) result.catch((error: unknown) => console.error(`[events] ${event.type} handler failed:`, describeError(error)));
    } catch (error) {
      console.error(`[events] ${event.type} handler failed:`, describeError(error));
    }
  }
}
