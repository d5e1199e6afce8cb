import { z } from "zod";
import { DOCUMENT_SOURCES, DOCUMENT_TYPES } from "@/db/schema/apis";

export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export type DocumentSource = (typeof DOCUMENT_SOURCES)[number];

/** How each type reads in the portals, in WSO2's words. */
export const DOCUMENT_TYPE_LABELS = {
  HOWTO: "How To",
  SAMPLES: "Samples & SDK",
  PUBLIC_FORUM: "Public forum",
  SUPPORT_FORUM: "Support forum",
  API_MESSAGE_FORMAT: "API message formats",
  OTHER: "Other",
} as const satisfies Record<DocumentType, string>;

export const DOCUMENT_SOURCE_LABELS = {
  INLINE: "Inline (Markdown)",
  URL: "URL",
  FILE: "File",
} as const satisfies Record<DocumentSource, string>;

/** Forums live elsewhere: WSO2 only links to them. */
export const LINK_ONLY_TYPES: readonly DocumentType[] = ["PUBLIC_FORUM", "SUPPORT_FORUM"];

export const MAX_DOCUMENT_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_INLINE_CHARS = 200_000;

export const UploadedFile = z.object({
  name: z.string().trim().min(1).max(200),
  type: z.string().max(200).default("application/octet-stream"),
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, "Choose a file."),
});
export type UploadedFile = z.infer<typeof UploadedFile>;

const Fields = {
  name: z.string().trim().min(1, "Enter a name.").max(60, "Use at most 60 characters."),
  type: z.enum(DOCUMENT_TYPES),
  source: z.enum(DOCUMENT_SOURCES),
  summary: z.string().trim().max(1000, "Use at most 1000 characters."),
  content: z.string().max(MAX_INLINE_CHARS, "Keep inline documents under 200,000 characters."),
  url: z
    .string()
    .trim()
    .max(2000)
    .url("Enter a full URL, e.g. https://example.com/guide.")
    .refine((v) => /^https?:\/\//i.test(v), "Use an http:// or https:// URL."),
  file: UploadedFile,
};

/** Empty form fields mean "not given". */
const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);

export const CreateDocumentInput = z
  .object({
    name: Fields.name,
    type: Fields.type,
    source: Fields.source,
    summary: Fields.summary.default(""),
    content: z.preprocess(blankToUndefined, Fields.content.optional()),
    url: z.preprocess(blankToUndefined, Fields.url.optional()),
    file: Fields.file.optional(),
  })
  .superRefine((doc, ctx) => {
    for (const problem of sourceProblems(doc, true)) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });

export const UpdateDocumentInput = z
  .object({
    name: Fields.name,
    type: Fields.type,
    source: Fields.source,
    summary: Fields.summary,
    content: z.preprocess(blankToUndefined, Fields.content.optional()),
    url: z.preprocess(blankToUndefined, Fields.url.optional()),
    file: Fields.file.optional(),
  })
  .partial();

type SourceFields = { type?: DocumentType; source?: DocumentSource; content?: string; url?: string; file?: UploadedFile };

/** Each source needs its own field; forums are links. Checked on create, and on update against the merged document. */
export function sourceProblems(doc: SourceFields, requireFile: boolean): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (doc.type && LINK_ONLY_TYPES.includes(doc.type) && doc.source && doc.source !== "URL") {
    problems.push({ field: "source", message: `${DOCUMENT_TYPE_LABELS[doc.type]} documents are links: choose the URL source.` });
  }
  if (doc.source === "URL" && !doc.url) problems.push({ field: "url", message: "Enter the document's URL." });
  if (doc.source === "FILE" && requireFile && !doc.file) problems.push({ field: "file", message: "Choose a file to upload." });
  if (doc.file && doc.file.bytes.byteLength > MAX_DOCUMENT_FILE_BYTES) problems.push({ field: "file", message: "Files can be at most 5 MB." });
  return problems;
}
