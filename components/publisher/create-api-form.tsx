"use client";

import type { FormAction } from "@/components/ui";
import { useRouter } from "next/navigation";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, Textarea, useToast, useAction } from "@/components/ui";
import { EndpointField, type TestEndpointAction } from "./endpoint-field";
import { VisibilityFields } from "./visibility-fields";

type Props = { action: FormAction<{ id: string }>; testAction: TestEndpointAction };

export function CreateApiForm({ action, testAction }: Props) {
  const router = useRouter();
  const { toast } = useToast();
  const { pending, onSubmit, fieldError, failure } = useAction(action, {
    onSuccess: ({ id }) => {
      toast({ title: "API created", description: "Add its resources next.", variant: "success" });
      router.push(`/publisher/apis/${id}/resources`);
    },
  });
  return (
    <form onSubmit={onSubmit} className="grid max-w-3xl gap-6" noValidate>
      {failure && <Alert tone="danger">{failure}</Alert>}
      <Card>
        <CardHeader>
          <CardTitle>Identity</CardTitle>
          <CardDescription>An API is its name, context and version. They cannot change later; new versions share the name and context.</CardDescription>
        </CardHeader>
        <CardContent className="grid items-start gap-4 sm:grid-cols-3">
          <Field label="Name" required error={fieldError("name")} className="sm:col-span-3">
            <Input name="name" autoFocus placeholder="PizzaShackAPI" />
          </Field>
          <Field label="Context" required error={fieldError("context")} hint="Where the gateway serves it, e.g. /pizzashack" className="sm:col-span-2">
            <Input name="context" placeholder="/pizzashack" className="font-mono" />
          </Field>
          <Field label="Version" required error={fieldError("version")}>
            <Input name="version" defaultValue="1.0.0" className="font-mono" />
          </Field>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>About</CardTitle>
        </CardHeader>
        <CardContent className="grid items-start gap-4 sm:grid-cols-2">
          <Field label="Description" error={fieldError("description")} className="sm:col-span-2">
            <Textarea name="description" rows={3} />
          </Field>
          <Field label="Tags" error={fieldError("tags")} hint="Separate with commas, e.g. pizza, food" className="sm:col-span-2">
            <Input name="tags" />
          </Field>
          <Field label="Business owner" error={fieldError("businessOwner")}>
            <Input name="businessOwner" autoComplete="name" />
          </Field>
          <Field label="Business owner email" error={fieldError("businessOwnerEmail")}>
            <Input name="businessOwnerEmail" type="email" autoComplete="email" />
          </Field>
          <div className="sm:col-span-2">
            <VisibilityFields error={fieldError("visibleRoles") ?? fieldError("visibility")} />
          </div>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Endpoints</CardTitle>
          <CardDescription>Production tokens reach the production endpoint, sandbox tokens the sandbox one. You can add them later.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          <EndpointField prefix="production" label="Production" testAction={testAction} urlError={fieldError("endpoints.production.url")} timeoutError={fieldError("endpoints.production.timeoutMs")} />
          <EndpointField prefix="sandbox" label="Sandbox" testAction={testAction} urlError={fieldError("endpoints.sandbox.url")} timeoutError={fieldError("endpoints.sandbox.timeoutMs")} />
        </CardContent>
      </Card>
      <div className="flex gap-2">
        <Button type="submit" loading={pending}>
          Create API
        </Button>
        <Button type="button" variant="ghost" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
