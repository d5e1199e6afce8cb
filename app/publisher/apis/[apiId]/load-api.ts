import { notFound } from "next/navigation";
import { cache } from "react";
import { requirePortalCtx } from "@/lib/auth/guards";
import { getApi } from "@/lib/apis/get-api";
import { NotFoundError } from "@/lib/errors";

/** The API a publisher page shows, loaded once per request; another organization's is a 404 page. */
export const loadApi = cache(async (apiId: string) => {
  const ctx = await requirePortalCtx("api:view", `/publisher/apis/${apiId}`);
  try {
    return { ctx, api: await getApi({ ctx, apiId }) };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});
