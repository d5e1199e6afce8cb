/** Types a browser may show in place; anything else is downloaded. */
const INLINE_TYPES = new Set(["application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"]);

/**
 * Serves user-uploaded bytes without letting them run as part of our origin: no sniffing, a
 * sandboxing CSP, and a download for anything that is not a plain document or raster image.
 */
export function fileResponse(data: Uint8Array, mime: string, fileName: string): Response {
  const type = mime.split(";")[0].trim().toLowerCase();
  const disposition = INLINE_TYPES.has(type) ? "inline" : "attachment";
  const safeName = fileName.replace(/["\\\r\n]/g, "_");
  return new Response(new Uint8Array(data), {
    headers: {
      "content-type": INLINE_TYPES.has(type) ? type : "application/octet-stream",
      "content-disposition": `${disposition}; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      "cache-control": "private, no-store",
    },
  });
}
