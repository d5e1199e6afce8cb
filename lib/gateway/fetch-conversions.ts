import type { BodyStream, GatewayReply, GatewayRequest, OutgoingHeaders } from "./context";

// Between the Fetch API (the Edge mount, tests) and the pipeline's mount-neutral request and reply. Edge-safe.

/** A Fetch request as the pipeline reads it: its own Headers and body stream, nothing copied. */
export function fromRequest(request: Request, clientIp: string): GatewayRequest {
  const url = new URL(request.url);
  const method = request.method;
  return {
    method,
    pathname: url.pathname,
    search: url.search,
    host: url.host,
    protocol: url.protocol === "https:" ? "https" : "http",
    headers: request.headers,
    body: method === "GET" || method === "HEAD" ? null : request.body,
    clientIp,
  };
}

export function toResponse(reply: GatewayReply): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(reply.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const body = typeof reply.body === "string" ? reply.body : toReadableStream(reply.body);
  return new Response(body, { status: reply.status, statusText: reply.statusText, headers });
}

/** Headers as the pipeline keeps them: a list only for Set-Cookie, which must not be joined. */
export function headersRecord(headers: Headers): OutgoingHeaders {
  const record: OutgoingHeaders = {};
  headers.forEach((value, name) => {
    if (name !== "set-cookie") record[name] = value;
  });
  const cookies = headers.getSetCookie();
  if (cookies.length) record["set-cookie"] = cookies;
  return record;
}

export function toReadableStream(body: BodyStream | null): ReadableStream<Uint8Array> | null {
  if (body === null || body instanceof ReadableStream) return body;
  const iterator = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}
