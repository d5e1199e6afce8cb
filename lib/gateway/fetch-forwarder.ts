import { isLiteralPrivateHostname } from "@/lib/net/ip";
import { ForwardError, type Forwarder } from "./context";
import { headersRecord, toReadableStream } from "./fetch-conversions";

/**
 * For runtimes without undici (the Edge): the platform's fetch. The endpoint's timeout means what it
 * means for the Node mounts' undici pools: how long the backend may take to answer once it has the
 * whole request, and then to send each next part of its body. It never counts the time a large
 * upload takes to send, nor the time a slow client takes to read.
 *
 * Private endpoints: fetch gives no hold on name resolution or on the address it connects to, so
 * unless they are allowed this refuses only what the URL itself shows to be private (an IP literal
 * in a blocked range, in any spelling the URL parser normalises, or localhost). A host name that
 * resolves to a private address is not caught here: an Edge isolate runs on the platform's network,
 * and what it can reach there is the platform's egress to restrict. The Node mounts check the
 * address of every connection they open (lib/net/guarded-dial.ts).
 */
export function createFetchForwarder(options: { allowPrivateEndpoints: boolean }): Forwarder {
  return options.allowPrivateEndpoints ? fetchForward : (request) => (isPrivateLiteral(request.url) ? refuse() : fetchForward(request));
}

/** For a backend the caller trusts wherever it is (private endpoints allowed). */
export const fetchForwarder: Forwarder = (request) => fetchForward(request);

function isPrivateLiteral(url: string): boolean {
  try {
    return isLiteralPrivateHostname(new URL(url).hostname);
  } catch {
    return true;
  }
}

function refuse(): Promise<never> {
  return Promise.reject(new ForwardError("unreachable", "the endpoint is a private address"));
}

const fetchForward: Forwarder = async ({ url, method, headers, body, timeoutMs }) => {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError"));
    }, timeoutMs);
  };
  const disarm = () => clearTimeout(timer);

  // The clock starts once the request body has been handed over in full.
  const stream = toReadableStream(body);
  const sent = stream ? stream.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: arm })) : null;
  if (!sent) arm();
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: sent,
      redirect: "manual",
      signal: controller.signal,
      // Required to stream a request body.
      duplex: "half",
    } as RequestInit);
  } catch (error) {
    disarm();
    const name = (error as { name?: string }).name;
    throw new ForwardError(timedOut || name === "TimeoutError" ? "timeout" : "unreachable", String(error));
  }
  disarm();
  if (!response.body) return { status: response.status, statusText: response.statusText, headers: headersRecord(response.headers), body: null };
  const responseHeaders = new Headers(response.headers);
  // fetch has already decoded a gzip/deflate/br body: the client gets it decoded, so its length is unknown.
  const encoding = responseHeaders.get("content-encoding");
  if (encoding && encoding.split(",").every((coding) => DECODED_BY_FETCH.has(coding.trim().toLowerCase()))) {
    responseHeaders.delete("content-encoding");
    responseHeaders.delete("content-length");
  }

  // Each read of the backend's body gets the timeout; the time the client takes between reads does not count.
  const reader = response.body.getReader();
  const watched = new ReadableStream<Uint8Array>({
    async pull(out) {
      arm();
      try {
        const { done, value } = await reader.read();
        if (done) out.close();
        else out.enqueue(value);
      } finally {
        disarm();
      }
    },
    cancel(reason) {
      disarm();
      return reader.cancel(reason);
    },
  });
  return { status: response.status, statusText: response.statusText, headers: headersRecord(responseHeaders), body: watched };
};

const DECODED_BY_FETCH = new Set(["gzip", "x-gzip", "deflate", "br", "identity"]);
