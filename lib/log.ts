import pino, { type DestinationStream } from "pino";
import { processLogLevel } from "@/lib/config";
import { describeError } from "@/lib/http/safe-error";
import { installLogSink, REDACTED, SECRET_FIELDS, type Logger, type LogLevel } from "@/lib/observability/log-core";

export { logger, type Logger } from "@/lib/observability/log-core";

/**
 * pino's redact paths for every secret field: at the top of a line and two levels down (a request's
 * `headers.authorization`, a body's `client_secret`), which is as deep as anything logs them.
 */
const REDACT_PATHS = SECRET_FIELDS.flatMap((name) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : `["${name}"]`;
  const under = key.startsWith("[") ? key : `.${key}`;
  return [key, `*${under}`, `*.*${under}`];
});

/**
 * The Node processes' logger: pino, one JSON line per event on stdout (or `destination`), with
 * `level` as its name, `time` in epoch ms and `msg`; secrets redacted by field name.
 */
export function createRootLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  const root = pino(
    {
      level: options.level ?? processLogLevel(),
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      // Never a query's parameters: drizzle puts them in its errors' messages (lib/http/safe-error.ts).
      serializers: { err: describeError },
    },
    options.destination ?? pino.destination({ fd: 1, sync: true }),
  );
  return root as unknown as Logger;
}

// Importing this module makes pino the sink of every logger on this thread (the entries import it first).
const root = createRootLogger();
installLogSink(root);

/**
 * A start-up line (`Portcullis is up`, `listening on`, a build starting): logged at info whatever
 * LOG_LEVEL says, since supervisors and people wait for it.
 */
export function logStartup(component: string, fields: Record<string, unknown>, message: string): void {
  (root as unknown as pino.Logger).child({ component }, { level: "info" }).info(fields, message);
}

/**
 * For a person at a terminal, not a log pipeline: the one-time generated admin password and the
 * one line a process that cannot start prints on stderr. Everything else goes through a logger.
 */
export function printForHumans(stream: "stdout" | "stderr", text: string): void {
  process[stream].write(`${text}\n`);
}
