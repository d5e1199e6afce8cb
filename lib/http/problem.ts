import { ServiceError, ValidationError } from "@/lib/errors";
import { logger } from "@/lib/observability/log-core";

const log = logger("api");

/** RFC 9457 problem details, the one error shape of `/api/v1`. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; messages: string[] }[];
};

export function problem(status: number, title: string, detail: string, extra: Partial<Problem> = {}, headers?: HeadersInit): Response {
  const body: Problem = { type: "about:blank", title, status, detail, ...extra };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  });
}

/** Maps any thrown value to problem+json. Unknown errors are logged and become a generic 500. */
export function problemFromError(error: unknown): Response {
  if (error instanceof ValidationError) {
    return problem(error.status, error.title, error.message, {
      errors: Object.entries(error.fieldErrors).map(([field, messages]) => ({ field, messages })),
    });
  }
  if (error instanceof ServiceError) return problem(error.status, error.title, error.message);
  log.error({ err: error }, "unexpected error");
  return problem(500, "Internal Server Error", "Something went wrong on our side. It has been logged.");
}
