import type { Database } from "@/db/client";
import { MANAGEMENT_SCOPES } from "@/lib/auth/roles";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import type { Actor } from "@/lib/services/context";
import { createUser, ctxFor, uniqueSuffix } from "@/test/harness/factories";
import { createOwnApplication } from "./devportal-fixtures";

/** A route handler as Next calls it. */
export type Handler<P = Record<string, string>> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** A user holding every role, and a Bearer token carrying every management scope for them. */
export async function superUserToken(db: Database): Promise<{ user: Actor; token: string }> {
  const user = await createUser(db, { roles: ["admin", "creator", "publisher", "subscriber"] });
  const ctx = ctxFor(db, user);
  const app = await createOwnApplication(db, user, `Tooling ${uniqueSuffix()}`);
  await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
  const scopes = Object.keys(MANAGEMENT_SCOPES);
  const token = await issueApplicationToken({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION", scopes } });
  return { user, token: token.accessToken };
}

/**
 * A request body that streams `totalBytes` in chunks, made on demand, with no Content-Length: what
 * a chunked upload looks like. `pulled` counts the chunks the server asked for, `cancelled` says
 * whether it gave up on the rest.
 */
export function chunkedBody(totalBytes: number, { chunkBytes = 64 * 1024, prefix = "" }: { chunkBytes?: number; prefix?: string } = {}) {
  const stats = { pulled: 0, cancelled: false, sent: 0 };
  const head = new TextEncoder().encode(prefix);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stats.sent >= totalBytes) {
        controller.close();
        return;
      }
      const size = Math.min(chunkBytes, totalBytes - stats.sent);
      const chunk = new Uint8Array(size).fill(0x20);
      if (stats.sent === 0) chunk.set(head.subarray(0, size));
      stats.pulled++;
      stats.sent += size;
      controller.enqueue(chunk);
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

/** A request whose body is a stream (Node's fetch needs `duplex: "half"` for that). */
export function streamingRequest(url: string, init: { method: string; headers: Record<string, string>; body: ReadableStream<Uint8Array> }): Request {
  return new Request(url, { ...init, duplex: "half" } as RequestInit);
}
