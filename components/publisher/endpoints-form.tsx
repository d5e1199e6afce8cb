"use client";

import type { FormAction } from "@/components/ui";
import { useRouter } from "next/navigation";
import { Alert, Button, useToast, useAction } from "@/components/ui";
import type { ApiDetail } from "@/lib/apis/api-detail";
import { EndpointField, type TestEndpointAction } from "./endpoint-field";

type Props = { api: ApiDetail; action: FormAction<{ id: string }>; testAction: TestEndpointAction; readOnly: boolean };

export function EndpointsForm({ api, action, testAction, readOnly }: Props) {
  const router = useRouter();
  const { toast } = useToast();
  const { pending, onSubmit, fieldError, failure } = useAction(action, {
    onSuccess: () => {
      toast({ title: "Endpoints saved", variant: "success" });
      router.refresh();
    },
  });
  return (
    <form onSubmit={onSubmit} className="grid gap-6" noValidate>
      {failure && <Alert tone="danger">{failure}</Alert>}
      <fieldset disabled={readOnly} className="grid gap-8">
        {(["production", "sandbox"] as const).map((prefix) => (
          <EndpointField
            key={prefix}
            prefix={prefix}
            label={prefix === "production" ? "Production" : "Sandbox"}
            defaultUrl={api.endpoints[prefix]?.url}
            defaultTimeoutMs={api.endpoints[prefix]?.timeoutMs}
            testAction={testAction}
            urlError={fieldError(`endpoints.${prefix}.url`)}
            timeoutError={fieldError(`endpoints.${prefix}.timeoutMs`)}
          />
        ))}
      </fieldset>
      <p className="text-sm text-zinc-500">Leave a URL empty to remove that endpoint. An API needs at least one endpoint to be published.</p>
      {!readOnly && (
        <div>
          <Button type="submit" loading={pending}>
            Save endpoints
          </Button>
        </div>
      )}
    </form>
  );
}
