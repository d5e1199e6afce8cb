/** Display formats shared by the dashboards (server and client components alike). */
const integer = new Intl.NumberFormat("en");
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export function formatCount(value: number): string {
  return value >= 100_000 ? compact.format(value) : integer.format(value);
}

export function formatMs(value: number | null): string {
  if (value === null) return "–";
  if (value >= 60_000) return `≥ ${Math.round(value / 1000)} s`;
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

export function formatPercent(value: number | null): string {
  if (value === null) return "–";
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} %`;
}

export function formatDateTime(value: string | Date | null): string {
  return value ? dateTime.format(new Date(value)) : "never";
}

/** A tick label for a bucket start, as precise as the granularity needs (in the viewer's time zone). */
export function formatBucket(iso: string, granularity: "minute" | "hour" | "day"): string {
  const date = new Date(iso);
  if (granularity === "day") return date.toLocaleDateString("en", { month: "short", day: "numeric" });
  if (granularity === "hour") return date.toLocaleString("en", { month: "short", day: "numeric", hour: "2-digit" });
  return date.toLocaleTimeString("en", { hour: "2-digit", minute: "2-digit" });
}
