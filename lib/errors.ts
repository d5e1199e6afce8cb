import type { z } from "zod";

/** A failure a caller can act on. Each surface maps these to its own shape in one place. */
export abstract class ServiceError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends ServiceError {
  readonly status = 422;
  readonly title = "Validation failed";
  constructor(
    message: string,
    /** Field path (dot-joined) → messages. */
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }

  static fromZod(error: z.ZodError): ValidationError {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of error.issues) {
      const key = issue.path.map(String).join(".") || "_";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    const first = error.issues[0];
    const where = first?.path.length ? `${first.path.map(String).join(".")}: ` : "";
    return new ValidationError(`${where}${first?.message ?? "invalid input"}`, fieldErrors);
  }
}

export class BadRequestError extends ServiceError {
  readonly status = 400;
  readonly title = "Bad request";
}

export class UnauthorizedError extends ServiceError {
  readonly status = 401;
  readonly title = "Unauthorized";
  constructor(message = "Sign in to continue.") {
    super(message);
  }
}

export class ForbiddenError extends ServiceError {
  readonly status = 403;
  readonly title = "Forbidden";
  constructor(message = "You do not have permission to do this.") {
    super(message);
  }
}

export class NotFoundError extends ServiceError {
  readonly status = 404;
  readonly title = "Not found";
  constructor(what = "resource") {
    super(`The ${what} does not exist or you cannot see it.`);
  }
}

export class ConflictError extends ServiceError {
  readonly status = 409;
  readonly title = "Conflict";
}

/** A request body over the surface's cap; it is refused while it streams, never read whole. */
export class PayloadTooLargeError extends ServiceError {
  readonly status = 413;
  readonly title = "Payload too large";
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${formatBytes(maxBytes)}.`);
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/** Postgres unique_violation, from any of the three drivers (drizzle wraps the driver error in `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
