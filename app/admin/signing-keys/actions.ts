"use server";

import { revalidatePath } from "next/cache";
import { sessionCtx } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action-result";
import { rotateSigningKeys } from "@/lib/keys/signing-key-admin";

/** Rotates the signing key: with the default notice, or at once (`now`) for a leaked key. */
export async function rotateSigningKeyAction(now: boolean) {
  const result = await runAction(async () => rotateSigningKeys({ ctx: await sessionCtx(), input: now ? { noticeSeconds: 0 } : {} }));
  if (result.ok) revalidatePath("/admin/signing-keys");
  return result;
}
