import { installLogSink, jsonLogger } from "@/lib/observability/log-core";

export type LogLine = { level: string; time: number; msg?: string; component?: string; [field: string]: unknown };

/**
 * Captures what every logger of this thread writes, as parsed JSON lines, until `restore`: the lines
 * are the ones the Edge writer (same fields as pino's) would print.
 */
export function captureLogs() {
  const lines: LogLine[] = [];
  const previous = installLogSink(jsonLogger({ level: "debug", write: (line) => lines.push(JSON.parse(line) as LogLine) }));
  return {
    lines,
    at: (level: string) => lines.filter((line) => line.level === level),
    restore: () => void installLogSink(previous),
  };
}
