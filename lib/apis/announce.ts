import "server-only";
import { publish } from "@/lib/events/bus";
import { logger } from "@/lib/observability/log-core";

const log = logger("apis");

/**
 * Tells the gateway (and anything else listening) which APIs changed, after the transaction that
 * changed them committed. A failing transport is logged, never turned into a failed request: the
 * change is already saved, and the gateway's periodic refresh picks it up.
 */
export async function announceApiChanges(apiIds: Iterable<string>): Promise<void> {
  for (const apiId of new Set(apiIds)) {
    try {
      await publish({ type: "api.changed", apiId });
    } catch (error) {
      log.error({ err: error }, "could not announce a change");
    }
  }
}
