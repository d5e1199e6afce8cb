import { notFound } from "next/navigation";
import { cache } from "react";
import { requirePortalCtx } from "@/lib/auth/guards";
import { getApplication } from "@/lib/devportal/applications";
import { NotFoundError, ValidationError } from "@/lib/errors";

/** The caller's application for this request; anyone else's is the 404 page. */
export const loadApplication = cache(async (applicationId: string) => {
  const ctx = await requirePortalCtx("devportal:subscribe", `/devportal/applications/${applicationId}`);
  try {
    return { ctx, application: await getApplication({ ctx, input: { applicationId } }) };
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  }
});
