import "server-only";
import type { DatabaseHandle } from "@/db/client";
import type { EventEnvelope, EventTransport } from "./bus";
import { logger } from "@/lib/observability/log-core";

const log = logger("events");

export const EVENTS_CHANNEL = "portcullis_events";

/**
 * Carries control-plane events between processes that share a Postgres database, over
 * LISTEN/NOTIFY: portal processes announce changes, standalone gateways hear them within milliseconds.
 */
export function postgresTransport(handle: Pick<DatabaseHandle, "listen" | "notify">, channel = EVENTS_CHANNEL): EventTransport {
  return {
    async send(envelope: EventEnvelope) {
      await handle.notify(channel, JSON.stringify(envelope));
    },
    listen(receive) {
      let stop: (() => Promise<void>) | undefined;
      let stopped = false;
      void handle
        .listen(channel, (payload) => {
          try {
            receive(JSON.parse(payload));
          } catch {
            log.warn("dropped a notification that is not JSON");
          }
        })
        .then((unlisten) => {
          if (stopped) void unlisten();
          else stop = unlisten;
        })
        .catch((error: unknown) => log.error({ err: error }, "cannot listen for events"));
      return () => {
        stopped = true;
        void stop?.();
      };
    },
  };
}
