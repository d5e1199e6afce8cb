import { ValidationError } from "@/lib/errors";
import { apiRoute, json } from "@/lib/http/api-route";
import { getThumbnail, setThumbnail } from "@/lib/apis/thumbnail";
import { fileResponse } from "../../../file-response";
import { isMultipart, readMultipart } from "../../../request-body";

type Params = { apiId: string };

export const GET = apiRoute<Params>("apim:api_view", async ({ params, ctx }) => {
  const image = await getThumbnail({ ctx, apiId: params.apiId });
  return fileResponse(image.data, image.mime, "thumbnail");
});

/** The image as the raw body (`image/png`, …) or as a multipart `file`: PNG, JPEG, GIF or WebP, at most 1 MB. */
export const PUT = apiRoute<Params>("apim:api_create", async ({ request, params, ctx }) => {
  let image: Uint8Array | undefined;
  if (isMultipart(request)) {
    const file = (await readMultipart(request)).file;
    if (file && typeof file !== "string") image = file.bytes;
  } else {
    if (Number(request.headers.get("content-length") ?? "0") > 2 * 1024 * 1024) {
      throw new ValidationError("thumbnail: too large", { thumbnail: ["Use an image of at most 1 MB."] });
    }
    image = new Uint8Array(await request.arrayBuffer());
  }
  if (!image) throw new ValidationError("thumbnail: required", { thumbnail: ["Send a PNG, JPEG, GIF or WebP image of at most 1 MB."] });
  return json(await setThumbnail({ ctx, apiId: params.apiId, image }));
});

export const DELETE = apiRoute<Params>("apim:api_create", async ({ params, ctx }) => {
  await setThumbnail({ ctx, apiId: params.apiId, image: null });
  return new Response(null, { status: 204 });
});
