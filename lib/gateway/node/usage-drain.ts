import { z } from "zod";
import { KEY_TYPES } from "@/db/schema/apis";
import type { UsageRecord } from "../context";
import type { UsageQueueReader } from "../usage-queue";
import { logger } from "@/lib/observability/log-core";

const log = logger("gateway");

/**
 * What an Edge gateway pushed, checked before it reaches the database: one malformed entry must not
 * fail the batch it would be inserted with. JSON turned `at` into a string; it becomes a Date again.
 */
const QueuedUsage = z.object({
  calls: z.number().int().positive().default(1),
  at: z.coerce.date(),
  apiId: z.guid().nullable(),
  apiName: z.string().nullable(),
  apiVersion: z.string().nullable(),
  context: z.string().nullable(),
  resource: z.string().nullable(),
  method: z.string().min(1).max(16),
  applicationId: z.guid().nullable(),
  userId: z.string().nullable(),
  keyType: z.enum(KEY_TYPES).nullable(),
  status: z.number().int().min(100).max(599),
  errorCode: z.string().nullable(),
  latencyMs: z.number().nonnegative(),
  backendLatencyMs: z.number().nonnegative().nullable(),
  bytesIn: z.number().int().nonnegative(),
  bytesOut: z.number().int().nonnegative(),
  clientIp: z.string().nullable(),
  gatewayId: z.string(),
}) satisfies z.ZodType<UsageRecord>;

export function decodeUsage(raw: string): UsageRecord | null {
  try {
    const parsed = QueuedUsage.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const LOG_EVERY_MS = 10_000;

/**
 * Moves the Edge gateways' usage events from the shared Redis list into `record` (the usage
 * recorder, which batches them into the database): every `everyMs`, `batchSize` at a time until the
 * list is empty. LPOP with a count is atomic, so several Node processes can drain the same list.
 */
export function startUsageDrain(
  queue: UsageQueueReader,
  key: string,
  record: (event: UsageRecord) => void,
  options: { everyMs?: number; batchSize?: number } = {},
) {
  const { everyMs = 1000, batchSize = 500 } = options;
  let running: Promise<void> | null = null;
  let stopped = false;
  let dropped = 0;
  let loggedAt = 0;

  const drainOnce = async () => {
    try {
      for (;;) {
        const entries = (await queue.lpop(key, batchSize)) ?? [];
        for (const raw of entries) {
          const event = decodeUsage(raw);
          if (event) record(event);
          else dropped += 1;
        }
        if (entries.length < batchSize) break;
      }
    } catch (error) {
      if (Date.now() - loggedAt >= LOG_EVERY_MS) {
        loggedAt = Date.now();
        log.error({ err: error }, "cannot drain the Edge gateways' usage events");
      }
    }
    if (dropped && Date.now() - loggedAt >= LOG_EVERY_MS) {
      loggedAt = Date.now();
      log.warn({ dropped }, "dropped malformed usage events from the Edge gateways' queue");
      dropped = 0;
    }
  };

  const drain = (): Promise<void> => {
    running ??= drainOnce().finally(() => {
      running = null;
    });
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) void drain();
  }, everyMs);
  timer.unref();

  return {
    drain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await drain();
    },
  };
}
