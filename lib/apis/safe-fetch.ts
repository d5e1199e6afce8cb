import "server-only";
import { Agent, fetch, type Response } from "undici";
import { ValidationError } from "@/lib/errors";
import { guardedConnector, type HostLookup } from "@/lib/net/guarded-dial";
import { assertPublicDestination } from "./endpoint-guard";

const AGENT_KEY = Symbol.for("portcullis.apis.guarded-agent");
type Holder = { [AGENT_KEY]?: Agent };

/**
 * An undici dispatcher for any server-side request to a user-given URL: every connection it opens
 * checks the address it actually connects to (guardedConnector), so a name that resolved to a
 * public address for the check before the request and to a private one for the connection (DNS
 * rebinding) still cannot get through.
 */
export function guardedAgent(): Agent {
  const holder = globalThis as Holder;
  return (holder[AGENT_KEY] ??= new Agent({ connect: guardedConnector(), connections: 8 }));
}

export type OutboundOptions = {
  /** Name of the input field the URL came from, so a refusal names it. */
  field: string;
  allowPrivate: boolean;
  timeoutMs: number;
  method?: "GET" | "HEAD";
  accept?: string;
  /** Where host names resolve: the system resolver unless a test gives its own. */
  lookup?: HostLookup;
};

/**
 * A server-side request to a URL a user typed. Unless private endpoints are allowed it resolves the
 * host first and refuses private addresses (a 422 on `field`), then connects only to checked
 * addresses (guardedAgent). It never follows redirects (a redirect could point anywhere; the caller
 * sees the 3xx instead).
 */
export async function outboundFetch(rawUrl: string, options: OutboundOptions): Promise<Response> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new ValidationError(`${options.field}: not a URL`, { [options.field]: ["Enter a full http:// or https:// URL."] });
  }
  if (!options.allowPrivate) await assertPublicDestination(url, options.field, options.lookup);
  else if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ValidationError(`${options.field}: unsupported scheme`, { [options.field]: ["Use an http:// or https:// URL."] });
  }
  return fetch(url, {
    method: options.method ?? "GET",
    redirect: "manual",
    headers: { accept: options.accept ?? "*/*", "user-agent": "Portcullis/1.0" },
    signal: AbortSignal.timeout(options.timeoutMs),
    dispatcher: options.allowPrivate ? undefined : options.lookup ? new Agent({ connect: guardedConnector({ lookup: options.lookup }) }) : guardedAgent(),
  });
}

/** Reads a response body as text, refusing (422 on `field`) one larger than `maxBytes`. */
export async function readLimitedText(response: Response, maxBytes: number, field: string): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  const tooLarge = () =>
    new ValidationError(`${field}: response too large`, { [field]: [`The document is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`] });
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Why a request failed, in words for the person who typed the URL. */
export function describeFetchFailure(error: unknown): string {
  let e = error as { name?: string; code?: string; message?: string; cause?: unknown } | undefined;
  while (e?.cause && typeof e.cause === "object") e = e.cause as typeof e;
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return "Timed out waiting for a response.";
  switch (e?.code) {
    case "EPRIVATE":
      return "Refused: the host resolves to a private address.";
    case "ECONNREFUSED":
      return "Connection refused.";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "The host could not be resolved.";
    case "ECONNRESET":
      return "The connection was reset.";
    case "CERT_HAS_EXPIRED":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "SELF_SIGNED_CERT_IN_CHAIN":
      return `The TLS certificate was not accepted (${e.code}).`;
    default:
      return e?.message ? `Could not connect: ${e.message}` : "Could not connect.";
  }
}
