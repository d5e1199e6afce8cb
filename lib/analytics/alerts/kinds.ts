import type { ALERT_KINDS } from "@/db/schema";

export type AlertKind = (typeof ALERT_KINDS)[number];

/** What each kind measures over its window, and the unit of its threshold (safe to import in the browser). */
export const ALERT_KIND_INFO = {
  P95_LATENCY: { label: "p95 latency above", unit: "ms", max: 600_000 },
  ERROR_RATE: { label: "Error rate (4xx and 5xx) above", unit: "%", max: 100 },
  TRAFFIC_DROP: { label: "Traffic drop vs the previous window above", unit: "%", max: 100 },
} as const satisfies Record<AlertKind, { label: string; unit: string; max: number }>;
