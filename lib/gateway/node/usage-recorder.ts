import type { Database } from "@/db/client";
import { usageEvents } from "@/db/schema";
import type { UsageRecord } from "../context";

/**
 * Buffers usage records and writes them in batches, off the request path: every `flushEveryMs`, or
 * sooner when `batchSize` are waiting. Bounded: past `maxBuffered` the oldest are dropped (and counted).
 */
export function createUsageRecorder(db: Database, options: { flushEveryMs?: number; batchSize?: number; maxBuffered?: number } = {}) {
  const { flushEveryMs = 1000, batchSize = 500, maxBuffered = 50_000 } = options;
  let buffer: UsageRecord[] = [];
  let dropped = 0;
  let flushing: Promise<void> | null = null;

  const flush = async (): Promise<void> => {
    if (flushing) return flushing;
    if (!buffer.length) return;
    const batch = buffer;
    buffer = [];
    flushing = (async () => {
      try {
        for (let i = 0; i < batch.length; i += batchSize) {
          await db.insert(usageEvents).values(batch.slice(i, i + batchSize));
        }
      } catch (error) {
        console.error(`[gateway] could not write ${batch.length} usage events:`, error);
      } finally {
        flushing = null;
      }
    })();
    return flushing;
  };

  const timer = setInterval(() => void flush(), flushEveryMs);
  timer.unref();

  return {
    record(event: UsageRecord) {
      if (buffer.length >= maxBuffered) {
        buffer.shift();
        dropped += 1;
      }
      buffer.push(event);
      if (buffer.length >= batchSize) void flush();
    },
    flush,
    stats: () => ({ buffered: buffer.length, dropped }),
    async stop() {
      clearInterval(timer);
      await flushing;
      await flush();
    },
  };
}
