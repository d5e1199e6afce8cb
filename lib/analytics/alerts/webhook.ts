import "server-only";
import { fetch } from "undici";
import { assertPublicDestination } from "@/lib/apis/endpoint-guard";
import { guardedAgent } from "@/lib/apis/safe-fetch";

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
      dispatcher: options.allowPrivate ? undefined : guardedAgent(),
    });
    await response.body?.cancel();
    return response.ok ? { ok: true, status: response.status } : { ok: false, error: `answered ${response.status}` };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
