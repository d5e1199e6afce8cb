"use server";

import { sessionCtx } from "@/lib/auth/session";
import { importOpenApi } from "@/lib/apis/openapi/import-openapi";
import { runAction } from "@/lib/http/action-result";

/** The definition comes from one of three places, by the tab the person chose. */
export async function importOpenApiAction(formData: FormData) {
  const text = (name: string) => String(formData.get(name) ?? "").trim();
  const from = text("from");
  const file = formData.get("file");
  const definition = from === "file" && file instanceof File && file.size > 0 ? await file.text() : from === "paste" ? text("definition") : undefined;
  return runAction(async () => {
    const ctx = await sessionCtx();
    const api = await importOpenApi({
      ctx,
      input: { definition, url: from === "url" ? text("url") : undefined, name: text("name"), context: text("context"), version: text("version") },
    });
    return { id: api.id, name: api.name };
  }, { revalidate: "/publisher" });
}
