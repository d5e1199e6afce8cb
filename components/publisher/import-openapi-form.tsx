"use client";

import type { FormAction } from "@/components/ui";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, Tabs, TabsContent, TabsList, TabsTrigger, Textarea, useToast, useAction } from "@/components/ui";
import { parseProblem } from "@/lib/apis/openapi/definition-error";

type Source = "file" | "url" | "paste";

const SERVER_ACTION_LIMIT = 1024 * 1024 - 64 * 1024;

/** Creates an API from an OpenAPI 3.x or Swagger 2.0 document: uploaded, fetched or pasted. */
export function ImportOpenApiForm({ action }: { action: FormAction<{ id: string; name: string }> }) {
  const router = useRouter();
  const { toast } = useToast();
  const [from, setFrom] = useState<Source>("file");
  const [tooLarge, setTooLarge] = useState(false);
  const { pending, onSubmit, fieldError, state } = useAction(action, {
    onSuccess: ({ id, name }) => {
      toast({ title: `${name} imported`, description: "Its resources came from the definition. Check the endpoints next.", variant: "success" });
      router.push(`/publisher/apis/${id}/endpoints`);
    },
  });
  // Problems with the document itself, wherever it came from (a fetched one is reported on `url`).
  const definitionProblems = state && !state.ok ? (state.fieldErrors?.definition ?? state.fieldErrors?.url ?? []).map(parseProblem) : [];
  const otherFailure = state && !state.ok && definitionProblems.length === 0 ? state.message : undefined;
  return (
    <form
      onSubmit={(event) => {
        // Server actions take at most 1 MB; larger files go through POST /api/v1/publisher/apis/import-openapi.
        const file = new FormData(event.currentTarget).get("file");
        const large = from === "file" && file instanceof File && file.size > SERVER_ACTION_LIMIT;
        setTooLarge(large);
        if (large) event.preventDefault();
        else onSubmit(event);
      }}
      className="grid max-w-3xl gap-6"
      noValidate
    >
      {tooLarge && (
        <Alert tone="warning">
          This file is larger than 1 MB, more than the form can send. Import it with <code>POST /api/v1/publisher/apis/import-openapi</code> (up to 5 MB), or from its URL.
        </Alert>
      )}
      <input type="hidden" name="from" value={from} />
      {otherFailure && <Alert tone="danger">{otherFailure}</Alert>}
      <Card>
        <CardHeader>
          <CardTitle>Definition</CardTitle>
          <CardDescription>JSON or YAML. Resources, scopes and WSO2&apos;s x-auth-type, x-throttling-tier and x-scope extensions are read from it.</CardDescription>
        </CardHeader>
        <CardContent>
          <Tabs value={from} onValueChange={(v) => setFrom(v as Source)}>
            <TabsList>
              <TabsTrigger value="file">Upload a file</TabsTrigger>
              <TabsTrigger value="url">From a URL</TabsTrigger>
              <TabsTrigger value="paste">Paste</TabsTrigger>
            </TabsList>
            <TabsContent value="file" forceMount className="data-[state=inactive]:hidden">
              <Field label="OpenAPI file" hint="openapi.yaml, swagger.json… at most 5 MB">
                <Input name="file" type="file" accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml" className="py-1" />
              </Field>
            </TabsContent>
            <TabsContent value="url" forceMount className="data-[state=inactive]:hidden">
              <Field label="URL of the definition" hint="Fetched by the server; redirects are not followed.">
                <Input name="url" type="url" placeholder="https://example.com/openapi.yaml" />
              </Field>
            </TabsContent>
            <TabsContent value="paste" forceMount className="data-[state=inactive]:hidden">
              <Field label="Definition text">
                <Textarea name="definition" rows={14} className="font-mono text-xs" placeholder={"openapi: 3.0.3\ninfo:\n  title: …"} />
              </Field>
            </TabsContent>
          </Tabs>
          {definitionProblems.length > 0 && (
            <Alert tone="danger" title="The definition has problems" className="mt-4">
              <ul className="grid gap-1">
                {definitionProblems.map((p, i) => (
                  <li key={i}>
                    {p.line !== null && <strong className="font-mono">Line {p.line}: </strong>}
                    {p.message}
                  </li>
                ))}
              </ul>
            </Alert>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Identity</CardTitle>
          <CardDescription>Leave empty to take the name and version from the definition&apos;s info, and the context from its base path.</CardDescription>
        </CardHeader>
        <CardContent className="grid items-start gap-4 sm:grid-cols-3">
          <Field label="Name" error={fieldError("name")}>
            <Input name="name" />
          </Field>
          <Field label="Context" error={fieldError("context")}>
            <Input name="context" placeholder="/petstore" className="font-mono" />
          </Field>
          <Field label="Version" error={fieldError("version")}>
            <Input name="version" className="font-mono" />
          </Field>
        </CardContent>
      </Card>
      <div>
        <Button type="submit" loading={pending}>
          Import
        </Button>
      </div>
    </form>
  );
}
