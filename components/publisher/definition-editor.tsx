"use client";

import type { FormAction } from "@/components/ui";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { parse, stringify } from "yaml";
import { Alert, Button, useToast, useAction } from "@/components/ui";
import { parseProblem } from "@/lib/apis/openapi/definition-error";
import { CodeEditor } from "./code-editor";

type Props = { apiId: string; initialYaml: string; action: FormAction<{ message: string }>; readOnly: boolean };

/** The definition as text, validated on the server; problems appear on their lines and in a list. */
export function DefinitionEditor({ apiId, initialYaml, action, readOnly }: Props) {
  const router = useRouter();
  const { toast } = useToast();
  const [text, setText] = useState(initialYaml);
  const [format, setFormat] = useState<"yaml" | "json">("yaml");
  const [note, setNote] = useState<string | null>(null);
  const { state, pending, onSubmit } = useAction(action, {
    onSuccess: (data) => {
      setNote(data.message);
      toast({ title: data.message, variant: "success" });
      router.refresh();
    },
  });
  const problems = useMemo(() => (state && !state.ok ? (state.fieldErrors?.definition ?? [state.message]).map(parseProblem) : []), [state]);

  const switchTo = (next: "yaml" | "json") => {
    try {
      const value: unknown = parse(text);
      setText(next === "json" ? `${JSON.stringify(value, null, 2)}\n` : stringify(value, { lineWidth: 0 }));
      setFormat(next);
    } catch {
      toast({ title: "Fix the syntax first", description: "The text must parse before it can be converted.", variant: "error" });
    }
  };
  const download = (f: string) => `/api/v1/publisher/apis/${apiId}/openapi?format=${f}&download=1`;

  return (
    <form onSubmit={onSubmit} className="grid gap-4">
      <input type="hidden" name="definition" value={text} />
      <div className="flex flex-wrap items-center gap-2">
        <div role="group" aria-label="Format" className="flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
          {(["yaml", "json"] as const).map((f) => (
            <Button key={f} type="button" size="sm" variant={format === f ? "primary" : "ghost"} aria-pressed={format === f} onClick={() => format !== f && switchTo(f)}>
              {f.toUpperCase()}
            </Button>
          ))}
        </div>
        <span className="ms-auto text-sm text-zinc-500">Export:</span>
        <Button asChild variant="secondary" size="sm">
          <a href={download("json")}>Download JSON</a>
        </Button>
        <Button asChild variant="secondary" size="sm">
          <a href={download("yaml")}>Download YAML</a>
        </Button>
      </div>
      <CodeEditor value={text} language={format} onChange={setText} problems={problems} label="OpenAPI definition" readOnly={readOnly} className="h-[60vh]" />
      {problems.length > 0 && (
        <Alert tone="danger" title={`${problems.length} problem${problems.length === 1 ? "" : "s"} in the definition`}>
          <ul className="grid gap-1">
            {problems.map((p, i) => (
              <li key={i}>
                {p.line !== null && <strong className="font-mono">Line {p.line}: </strong>}
                {p.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {note && problems.length === 0 && <Alert tone="success">{note}</Alert>}
      <div className="flex gap-2">
        <Button type="submit" name="intent" value="check" variant="secondary" loading={pending}>
          Check
        </Button>
        {!readOnly && (
          <Button type="submit" name="intent" value="save" loading={pending}>
            Save definition
          </Button>
        )}
      </div>
      <p className="text-sm text-zinc-500">
        Saving replaces the API&apos;s resources with the definition&apos;s paths. Per-resource settings live in the vendor extensions <code>x-auth-type</code>, <code>x-throttling-tier</code> and <code>x-scope</code>.
      </p>
    </form>
  );
}
