import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { readSigningKeys, rotateSigningKey, ROTATION_NOTICE_SECONDS, type Rotation, type SigningKeyView } from "./signing-keys";

export type { Rotation, SigningKeyView };

/** A day at most: a rotation that waits longer is better scheduled later. */
const MAX_NOTICE_SECONDS = 86_400;

const RotateSigningKeyInput = z
  .object({
    noticeSeconds: z
      .number("Send the notice as a whole number of seconds.")
      .int("Send the notice as a whole number of seconds.")
      .min(0, "The notice cannot be negative.")
      .max(MAX_NOTICE_SECONDS, `The notice is at most ${MAX_NOTICE_SECONDS} seconds.`)
      .default(ROTATION_NOTICE_SECONDS),
  })
  .strict();

/** The signing keys (kid, algorithm, activation, retirement, removal), for administrators; never a private key. */
export async function listSigningKeys({ ctx }: { ctx: Ctx }): Promise<SigningKeyView[]> {
  authorize(ctx, "admin:manage");
  return readSigningKeys(ctx.db);
}

/**
 * Rotates the token-signing key: the new key is published and announced to every gateway first, then
 * signs after `noticeSeconds` (default: the JWKS cache lifetime; 0 for a leaked key), when the keys
 * in use retire. Tokens they signed stay valid until they expire. Audited with the kids involved.
 */
export async function rotateSigningKeys({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<Rotation> {
  const actor = authorize(ctx, "admin:manage");
  const data = parseInput(RotateSigningKeyInput, input ?? {});
  return rotateSigningKey(ctx.db, {
    noticeSeconds: data.noticeSeconds,
    record: (tx, rotation) =>
      recordAudit(tx, actor, {
        action: "signing_key.rotate",
        targetType: "signing_key",
        targetId: rotation.kid,
        details: { activatesAt: rotation.activatesAt.toISOString(), noticeSeconds: data.noticeSeconds, retired: rotation.retired },
      }),
  });
}
