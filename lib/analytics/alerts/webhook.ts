import dns, { type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { Agent, fetch } from "undici";
import { assertPublicDestination, isPrivateAddress } from "@/lib/apis/endpoint-guard";

/**
 * Connections for webhooks re-check every address they resolve to, so a name that passed the check
 * and then resolves to a private address (DNS rebinding) still cannot be reached.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const list = addresses as unknown as LookupAddress[];
    const first = list[0];
    if (!first || list.some((a) => isPrivateAddress(a.address))) {
      return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: "EPRIVATE" }), "", 4);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, first.address, first.family);
  });
};

const AGENT_KEY = Symbol.for("portcullis.analytics.webhook-agent");
type Holder = { [AGENT_KEY]?: Agent };
const agent = () => ((globalThis as Holder)[AGENT_KEY] ??= new Agent({ connect: { lookup: publicOnlyLookup }, connections: 4 }));

export type WebhookResult = { ok: true; status: number } | { ok: false; error: string };

/**
 * POSTs a JSON document to an alert rule's webhook: 5 s at most, no redirects followed, and private,
 * loopback and link-local addresses refused unless private endpoints are allowed on this server.
 * Never throws: a failed delivery is reported to the caller, which logs it.
 */
export async function postWebhook(
  url: string,
  body: unknown,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<WebhookResult> {
  try {
    const target = new URL(url);
    if (target.protocol !== "http:" && target.protocol !== "https:") return { ok: false, error: "not an http(s) URL" };
    if (!options.allowPrivate) await assertPublicDestination(target, "webhookUrl");
    const response = await fetch(target, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/json", "user-agent": "Portcullis-Alerts/1.0" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      dispatcher: options.allowPrivate ? undefined : agent(),
    });
    await response.body?.cancel();
    return response.ok ? { ok: true, status: response.status } : { ok: false, error: `answered ${response.status}` };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
