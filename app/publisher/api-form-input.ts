import { formFields } from "@/lib/http/action-result";

/** The fields the create and overview forms share, shaped as the services take them. */
export function apiSettingsFrom(formData: FormData) {
  const f = formFields(formData);
  return {
    description: f.description,
    tags: f.tags,
    visibility: f.visibility,
    visibleRoles: formData.getAll("visibleRoles").map(String),
    businessOwner: f.businessOwner,
    businessOwnerEmail: f.businessOwnerEmail,
  };
}

/** An endpoint from `${prefix}Url` / `${prefix}TimeoutMs`; an empty URL means none (null removes it on update). */
export function endpointFrom(formData: FormData, prefix: "production" | "sandbox") {
  const url = String(formData.get(`${prefix}Url`) ?? "").trim();
  if (!url) return null;
  const timeout = String(formData.get(`${prefix}TimeoutMs`) ?? "").trim();
  return { url, timeoutMs: timeout || undefined };
}
