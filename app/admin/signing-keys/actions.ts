"use server";

import { sessionCtx } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action-result";
import { rotateSigningKeys } from "@/lib/keys/signing-key-admin";

/** Rotates the signing key: with the default notice, or at once (`now`) for a leaked key. */
export async function rotateSigningKeyAction(now: boolean) {
  return runAction(async () => rotateSigningKeys({ ctx: await sessionCtx(), input: now ? { noticeSeconds: 0 } : {} }), { revalidate: "/admin/signing-keys" });
}
