import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/next-auth";
import { ServiceError } from "@/lib/errors";
import { readText } from "@/lib/http/read-body";

type Context = { params: Promise<{ nextauth: string[] }> };

/** Sign-in, sign-out and CSRF forms are a few hundred bytes; the anonymous endpoint reads no more than this. */
const AUTH_FORM_MAX_BYTES = 16 * 1024;

// Options are built per request so the configuration is read at run time, not at build time.
async function handler(request: NextRequest, context: Context) {
  let forwarded = request;
  if (request.method !== "GET" && request.method !== "HEAD") {
    // next-auth reads the whole body itself: hand it one read under a cap, as it streamed in.
    try {
      const body = await readText(request, AUTH_FORM_MAX_BYTES);
      forwarded = new NextRequest(request.url, { method: request.method, headers: request.headers, body });
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      return Response.json({ error: error.message }, { status: error.status, headers: { "cache-control": "no-store" } });
    }
  }
  return NextAuth(forwarded as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
