import { notFound } from "next/navigation";
import { cache } from "react";
import { sessionCtx } from "@/lib/auth/session";
import { getDevportalApi } from "@/lib/devportal/api-view";
import { NotFoundError, ValidationError } from "@/lib/errors";

/** The API for this request (layout and page share one read); anything the caller may not see is the 404 page. */
export const loadApi = cache(async (apiId: string) => {
  const ctx = await sessionCtx();
  try {
    return { ctx, api: await getDevportalApi({ ctx, input: { apiId } }) };
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  }
});
