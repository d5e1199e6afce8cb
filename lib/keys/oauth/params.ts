import "server-only";
import { z } from "zod";
import { parseScopeParam } from "../scopes";
import { ValiditySeconds } from "../validity";
import { OAuthError } from "./errors";

/** `validity_period` (seconds; negative: no expiry), a WSO2 extension of the token request. */
export const ValidityParam = z
  .string()
  .regex(/^-?\d{1,12}$/, "validity_period must be a whole number of seconds.")
  .transform(Number)
  .pipe(ValiditySeconds);

/** Parses a form against `schema`; the first problem becomes invalid_request naming the parameter. */
export function parseParams<S extends z.ZodType>(schema: S, form: Record<string, string>): z.infer<S> {
  const result = schema.safeParse(form);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path.map(String).join(".");
  const message = issue?.code === "invalid_type" && name ? `The parameter ${name} is required.` : issue?.message;
  throw new OAuthError("invalid_request", name ? `${name}: ${message}` : (message ?? "Invalid request."));
}

/** The requested scopes; a malformed `scope` parameter is invalid_scope. */
export function requestedScopes(value: string | undefined): string[] {
  const scopes = parseScopeParam(value);
  if (!scopes) throw new OAuthError("invalid_scope", "The scope parameter is malformed.");
  return scopes;
}
