import "server-only";
import { and, eq } from "drizzle-orm";
import { apis } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { authorize, type Ctx } from "@/lib/services/context";
import { findOwnApi, isUuid } from "./access";
import { announce } from "@/lib/events/bus";

export const MAX_THUMBNAIL_BYTES = 1024 * 1024;

/** Raster formats only, recognised by their first bytes: SVG can carry script, so it is not accepted. */
const SIGNATURES: { mime: string; test: (b: Uint8Array) => boolean }[] = [
  { mime: "image/png", test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { mime: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: "image/gif", test: (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 },
  {
    mime: "image/webp",
    test: (b) => b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50,
  },
];

/** Stores (or, with null, removes) the API's thumbnail, at most 1 MB of PNG, JPEG, GIF or WebP. */
export async function setThumbnail({ ctx, apiId, image }: { ctx: Ctx; apiId: string; image: Uint8Array | null }): Promise<{ id: string; hasThumbnail: boolean }> {
  const actor = authorize(ctx, "api:create");
  let mime: string | null = null;
  if (image) {
    if (image.byteLength === 0) throw new ValidationError("thumbnail: empty", { thumbnail: ["Choose an image file."] });
    if (image.byteLength > MAX_THUMBNAIL_BYTES) throw new ValidationError("thumbnail: too large", { thumbnail: ["Use an image of at most 1 MB."] });
    mime = SIGNATURES.find((s) => s.test(image))?.mime ?? null;
    if (!mime) throw new ValidationError("thumbnail: not an image", { thumbnail: ["Use a PNG, JPEG, GIF or WebP image."] });
  }
  await ctx.db.transaction(async (tx) => {
    const row = await findOwnApi(tx, actor, apiId, { lock: true });
    await tx
      .update(apis)
      .set({ thumbnail: image ? Buffer.from(image) : null, thumbnailMime: mime, updatedAt: new Date() })
      .where(eq(apis.id, row.id));
    await recordAudit(tx, actor, { action: "api.thumbnail.update", targetType: "api", targetId: row.id, details: { mime, bytes: image?.byteLength ?? 0 } });
  });
  await announce({ type: "api.changed", apiId });
  return { id: apiId, hasThumbnail: image !== null };
}

/** The thumbnail's bytes for the publisher (own organization) or 404. */
export async function getThumbnail({ ctx, apiId }: { ctx: Ctx; apiId: string }): Promise<{ data: Buffer; mime: string }> {
  const actor = authorize(ctx, "api:view");
  if (!isUuid(apiId)) throw new NotFoundError("thumbnail");
  const [row] = await ctx.db
    .select({ data: apis.thumbnail, mime: apis.thumbnailMime })
    .from(apis)
    .where(and(eq(apis.id, apiId), eq(apis.organizationId, actor.organizationId)));
  if (!row?.data || !row.mime) throw new NotFoundError("thumbnail");
  return { data: row.data, mime: row.mime };
}
