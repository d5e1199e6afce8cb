/** What may be logged of an unexpected error: never a query's parameters (password hashes, secrets, tokens). */
export type ErrorSummary = {
  name: string;
  message: string;
  code?: string;
  cause?: string;
  stack?: string;
};

/**
 * A summary of any thrown value that is safe to log. Drizzle's query errors carry the SQL and its
 * `params`, and put both in their message; the summary keeps the SQL and drops the parameters, keeps
 * the Postgres error code and the cause's message, and keeps only the frames of the stack (whose
 * first line repeats the message).
 */
export function describeError(error: unknown): ErrorSummary {
  if (!(error instanceof Error)) return { name: typeof error, message: "a non-Error value was thrown" };
  const summary: ErrorSummary = { name: error.name, message: withoutParams(error.message) };
  const code = pgCode(error);
  if (code) summary.code = code;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) summary.cause = `${cause.name}: ${withoutValues(withoutParams(cause.message), code)}`;
  const frames = error.stack?.split("\n").filter((line) => /^\s+at /.test(line));
  if (frames?.length) summary.stack = frames.join("\n");
  return summary;
}

/** Drizzle's message is `Failed query: <sql>\nparams: <values>`. */
function withoutParams(message: string): string {
  const at = message.search(/\n\s*params:/);
  return at < 0 ? message : `${message.slice(0, at)}\n[params not logged]`;
}

/** Postgres data exceptions (class 22) quote the offending value (`invalid input syntax for type integer: "…"`). */
function withoutValues(message: string, code: string | undefined): string {
  return code?.startsWith("22") ? message.replace(/"[^"]*"/g, '"[value not logged]"') : message;
}

function pgCode(error: Error): string | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
