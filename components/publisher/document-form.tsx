"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Markdown } from "@/components/markdown";
import { Alert, Button, Field, Input, NativeSelect, Tabs, TabsContent, TabsList, TabsTrigger, Textarea, useToast } from "@/components/ui";
import type { DocumentDetail } from "@/lib/apis/documents/document-dto";
import { DOCUMENT_SOURCE_LABELS, DOCUMENT_TYPE_LABELS, LINK_ONLY_TYPES, type DocumentSource, type DocumentType } from "@/lib/apis/documents/document-schemas";

type Problem = { detail?: string; errors?: { field: string; messages: string[] }[] };

/**
 * Creates or edits a document through the REST API, because a file may be up to 5 MB and server
 * actions take at most 1 MB. The REST handler calls the same service a server action would.
 */
export function DocumentForm({ apiId, document }: { apiId: string; document?: DocumentDetail }) {
  const router = useRouter();
  const { toast } = useToast();
  const [type, setType] = useState<DocumentType>(document?.type ?? "HOWTO");
  const [source, setSource] = useState<DocumentSource>(document?.source ?? "INLINE");
  const [content, setContent] = useState(document?.content ?? "");
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const linkOnly = LINK_ONLY_TYPES.includes(type);
  const effectiveSource = linkOnly ? "URL" : source;
  const fieldError = (name: string) => problem?.errors?.find((e) => e.field === name)?.messages[0];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = new FormData(event.currentTarget);
    body.set("source", effectiveSource);
    if (effectiveSource !== "INLINE") body.delete("content");
    const file = body.get("file");
    if (file instanceof File && file.size === 0) body.delete("file");
    setPending(true);
    try {
      const base = `/api/v1/publisher/apis/${apiId}/documents`;
      const response = await fetch(document ? `${base}/${document.id}` : base, { method: document ? "PUT" : "POST", body });
      const result = (await response.json().catch(() => ({}))) as Problem & { id?: string };
      if (!response.ok) {
        setProblem(result);
        return;
      }
      toast({ title: document ? "Document saved" : "Document added", variant: "success" });
      router.push(`/publisher/apis/${apiId}/documents/${result.id}`);
      router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="grid max-w-3xl gap-4" noValidate>
      {problem && <Alert tone="danger">{problem.detail ?? "The document could not be saved."}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" required error={fieldError("name")}>
          <Input name="name" defaultValue={document?.name} autoFocus={!document} />
        </Field>
        <Field label="Type" error={fieldError("type")}>
          <NativeSelect name="type" value={type} onChange={(e) => setType(e.target.value as DocumentType)}>
            {Object.entries(DOCUMENT_TYPE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Source</legend>
        <div className="flex flex-wrap gap-4">
          {(Object.keys(DOCUMENT_SOURCE_LABELS) as DocumentSource[]).map((value) => (
            <label key={value} className="flex items-center gap-2 text-sm">
              <input type="radio" name="sourceChoice" value={value} checked={effectiveSource === value} disabled={linkOnly && value !== "URL"} onChange={() => setSource(value)} className="accent-brand-600" />
              {DOCUMENT_SOURCE_LABELS[value]}
            </label>
          ))}
        </div>
        {linkOnly && <p className="text-sm text-zinc-500">Forums live elsewhere, so this type is a link.</p>}
        {fieldError("source") && <p role="alert" className="text-sm font-medium text-red-600">{fieldError("source")}</p>}
      </fieldset>
      <Field label="Summary" error={fieldError("summary")}>
        <Textarea name="summary" rows={2} defaultValue={document?.summary} />
      </Field>
      {effectiveSource === "INLINE" && (
        <Tabs defaultValue="write">
          <TabsList>
            <TabsTrigger value="write">Write</TabsTrigger>
            <TabsTrigger value="preview">Preview</TabsTrigger>
          </TabsList>
          <TabsContent value="write" forceMount className="data-[state=inactive]:hidden">
            <Field label="Content (Markdown)" error={fieldError("content")}>
              <Textarea name="content" rows={16} value={content} onChange={(e) => setContent(e.target.value)} className="font-mono text-xs" />
            </Field>
          </TabsContent>
          <TabsContent value="preview">
            <div className="min-h-40 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">{content.trim() ? <Markdown>{content}</Markdown> : <p className="text-sm text-zinc-500">Nothing to preview yet.</p>}</div>
          </TabsContent>
        </Tabs>
      )}
      {effectiveSource === "URL" && (
        <Field label="URL" required error={fieldError("url")}>
          <Input name="url" type="url" defaultValue={document?.url ?? ""} placeholder="https://" />
        </Field>
      )}
      {effectiveSource === "FILE" && (
        <Field label="File" required={!document?.fileName} error={fieldError("file")} hint={document?.fileName ? `Current: ${document.fileName}. Choose a file to replace it.` : "At most 5 MB."}>
          <Input name="file" type="file" className="py-1" />
        </Field>
      )}
      <div className="flex gap-2">
        <Button type="submit" loading={pending}>
          {document ? "Save document" : "Add document"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
