import { ValidationError } from "@/lib/errors";
import { apiRoute, json } from "@/lib/http/api-route";
import { getThumbnail, setThumbnail } from "@/lib/apis/thumbnail";
import { fileResponse } from "../../../file-response";
import { readBodyBytes } from "@/lib/http/read-body";
import { isMultipart, readMultipart } from "@/lib/http/request-body";

/** Twice the service's 1 MB, so the service names the field when an image is a little too large; beyond that, 413. */
const MAX_IMAGE_BODY_BYTES = 2 * 1024 * 1024;

type Params = { apiId: string };

export const GET = apiRoute<Params>("apim:api_view", async ({ params, ctx }) => {
  const image = await getThumbnail({ ctx, apiId: params.apiId });
  return fileResponse(image.data, image.mime, "thumbnail");
});

/** The image as the raw body (`image/png`, …) or as a multipart `file`: PNG, JPEG, GIF or WebP, at most 1 MB. */
export const PUT = apiRoute<Params>("apim:api_create", async ({ request, params, ctx }) => {
  let image: Uint8Array | undefined;
  if (isMultipart(request)) {
    const file = (await readMultipart(request, { maxBytes: MAX_IMAGE_BODY_BYTES })).file;
    if (file && typeof file !== "string") image = file.bytes;
  } else {
    image = await readBodyBytes(request, MAX_IMAGE_BODY_BYTES);
    if (image.byteLength === 0) image = undefined;
  }
  if (!image) throw new ValidationError("thumbnail: required", { thumbnail: ["Send a PNG, JPEG, GIF or WebP image of at most 1 MB."] });
  return json(await setThumbnail({ ctx, apiId: params.apiId, image }));
});

export const DELETE = apiRoute<Params>("apim:api_create", async ({ params, ctx }) => {
  await setThumbnail({ ctx, apiId: params.apiId, image: null });
  return new Response(null, { status: 204 });
});
