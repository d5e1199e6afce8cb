import { getTableColumns, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { PGlite } from "@electric-sql/pglite";
import { pgliteClient, type Database } from "@/db/client";
import { usageEvents } from "@/db/schema";
import type { UsageRecord } from "../context";
import { UsageGroups } from "../usage-groups";
import { logger } from "@/lib/observability/log-core";

const log = logger("gateway");

/**
 * Buffers usage records and writes them in batches, off the request path: every `flushEveryMs`, or
 * sooner when `batchSize` rows are waiting. Records of the same kind of call are added up first
 * (UsageGroups), so a row stands for many calls. Bounded: past `maxBuffered` rows the oldest are
 * dropped (and their calls counted).
 */
export function createUsageRecorder(db: Database, options: { flushEveryMs?: number; batchSize?: number; maxBuffered?: number } = {}) {
  const { flushEveryMs = 1000, batchSize = 500, maxBuffered = 50_000 } = options;
  const buffer = new UsageGroups();
  let dropped = 0;
  let flushing: Promise<void> | null = null;
  const pglite = pgliteClient(db);
  const write = pglite ? (batch: UsageRecord[]) => copyUsage(pglite, batch) : (batch: UsageRecord[]) => insertUsage(db, batch);

  const flush = async (): Promise<void> => {
    if (flushing) return flushing;
    if (!buffer.size) return;
    const batch = buffer.take();
    flushing = (async () => {
      try {
        for (let i = 0; i < batch.length; i += batchSize) await write(batch.slice(i, i + batchSize));
      } catch (error) {
        log.error({ err: error, rows: batch.length }, "could not write usage rows");
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
      buffer.add(event);
      if (buffer.size > maxBuffered) dropped += buffer.dropOldest()?.calls ?? 0;
      if (buffer.size >= batchSize) void flush();
    },
    flush,
    /** Rows waiting to be written, and calls dropped because too many were. */
    stats: () => ({ buffered: buffer.size, dropped }),
    async stop() {
      clearInterval(timer);
      await flushing;
      await flush();
    },
  };
}

const COLUMNS = Object.entries(getTableColumns(usageEvents)).filter(([key]) => key !== "id") as [keyof UsageRecord, PgColumn][];
const NAMES = COLUMNS.map(([, column]) => `"${column.name}"`).join(", ");
const FIELDS = sql.raw(COLUMNS.map(([key]) => `"${key}"`).join(", "));
const RECORD = sql.raw(COLUMNS.map(([key, column]) => `"${key}" ${column.getSQLType()}`).join(", "));

/**
 * On a Postgres server: one batch as one JSON parameter unpacked by Postgres, rather than a VALUES
 * list of 18 bound parameters per row. `::text` first, so no driver re-encodes the string as JSON.
 */
async function insertUsage(db: Database, batch: UsageRecord[]): Promise<void> {
  await db.execute(sql`insert into usage_events (${sql.raw(NAMES)}) select ${FIELDS} from json_to_recordset(${JSON.stringify(batch)}::text::json) as e(${RECORD})`);
}

/**
 * On PGlite, which runs on the gateway's own thread, COPY from CSV: it costs half the CPU per row of
 * any INSERT, and in the embedded mode that CPU is taken from proxying calls. One statement, so
 * atomic. In CSV an unquoted empty field is NULL and a quoted one is an empty string.
 */
async function copyUsage(pglite: PGlite, batch: UsageRecord[]): Promise<void> {
  let csv = "";
  for (const record of batch) {
    for (let i = 0; i < COLUMNS.length; i++) {
      if (i) csv += ",";
      csv += csvField(record[COLUMNS[i][0]]);
    }
    csv += "\n";
  }
  await pglite.query(`copy usage_events (${NAMES}) from '/dev/blob' with (format csv)`, [], { blob: new Blob([csv]) });
}

function csvField(value: UsageRecord[keyof UsageRecord]): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return `"${value.replaceAll('"', '""')}"`;
  return String(value);
}
