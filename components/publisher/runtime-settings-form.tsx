"use client";

import type { FormAction } from "@/components/ui";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, NativeSelect, Textarea, useToast, useAction } from "@/components/ui";
import { HTTP_METHODS } from "@/db/schema/apis";
import type { ApiDetail } from "@/lib/apis/api-detail";

type Props = { api: ApiDetail; subscriptionTiers: string[]; apiTiers: string[]; action: FormAction<{ id: string }>; readOnly: boolean };

const checkbox = "accent-brand-600";

/** Business plans offered to subscribers, the API-level tier, CORS and the backend JWT. */
export function RuntimeSettingsForm({ api, subscriptionTiers, apiTiers, action, readOnly }: Props) {
  const router = useRouter();
  const { toast } = useToast();
  const [corsEnabled, setCorsEnabled] = useState(api.cors.enabled);
  const { pending, onSubmit, fieldError, failure } = useAction(action, {
    onSuccess: () => {
      toast({ title: "Runtime settings saved", variant: "success" });
      router.refresh();
    },
  });
  return (
    <form onSubmit={onSubmit} className="grid gap-6">
      {failure && <Alert tone="danger">{failure}</Alert>}
      <fieldset disabled={readOnly} className="grid gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Throttling</CardTitle>
            <CardDescription>Subscribers pick one of the offered tiers. An API-level tier caps all callers together and replaces resource tiers.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">Subscription tiers offered</legend>
              <div className="flex flex-wrap gap-4">
                {[...new Set([...subscriptionTiers, ...api.subscriptionTiers])].map((tier) => (
                  <label key={tier} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="subscriptionTiers" value={tier} defaultChecked={api.subscriptionTiers.includes(tier)} className={checkbox} />
                    {tier}
                  </label>
                ))}
              </div>
              {fieldError("subscriptionTiers") && <p role="alert" className="text-sm font-medium text-red-600">{fieldError("subscriptionTiers")}</p>}
            </fieldset>
            <Field label="API-level tier" error={fieldError("apiThrottlingTier")} className="max-w-xs">
              <NativeSelect name="apiThrottlingTier" defaultValue={api.apiThrottlingTier ?? ""}>
                <option value="">None: use the resource tiers</option>
                {apiTiers.map((tier) => (
                  <option key={tier}>{tier}</option>
                ))}
              </NativeSelect>
            </Field>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>CORS</CardTitle>
            <CardDescription>Lets browser apps on other origins call the API; the gateway answers preflight requests with these settings.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <label className="flex items-center gap-2 text-sm font-medium">
              <input type="checkbox" name="corsEnabled" checked={corsEnabled} onChange={(e) => setCorsEnabled(e.target.checked)} className={checkbox} />
              Enable CORS
            </label>
            <fieldset disabled={!corsEnabled || readOnly} className="grid gap-4 sm:grid-cols-2">
              <Field label="Allowed origins" hint="One per line; * for any" error={fieldError("cors.allowOrigins")}>
                <Textarea name="allowOrigins" rows={3} defaultValue={api.cors.allowOrigins.join("\n")} className="font-mono text-xs" />
              </Field>
              <Field label="Allowed headers" hint="One per line" error={fieldError("cors.allowHeaders")}>
                <Textarea name="allowHeaders" rows={3} defaultValue={api.cors.allowHeaders.join("\n")} className="font-mono text-xs" />
              </Field>
              <fieldset className="grid gap-2 sm:col-span-2">
                <legend className="mb-1 text-sm font-medium">Allowed methods</legend>
                <div className="flex flex-wrap gap-4">
                  {HTTP_METHODS.map((m) => (
                    <label key={m} className="flex items-center gap-2 text-sm">
                      <input type="checkbox" name="allowMethods" value={m} defaultChecked={api.cors.allowMethods.includes(m)} className={checkbox} />
                      {m}
                    </label>
                  ))}
                </div>
              </fieldset>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="allowCredentials" defaultChecked={api.cors.allowCredentials} className={checkbox} />
                Allow credentials
              </label>
              <Field label="Max age (seconds)" error={fieldError("cors.maxAgeSeconds")}>
                <Input name="maxAgeSeconds" type="number" min={0} max={86400} defaultValue={api.cors.maxAgeSeconds} />
              </Field>
            </fieldset>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Backend JWT</CardTitle>
          </CardHeader>
          <CardContent>
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="sendBackendJwt" defaultChecked={api.sendBackendJwt} className={`${checkbox} mt-1`} />
              <span>
                Send a signed <code className="font-mono text-xs">X-JWT-Assertion</code> header with the caller&apos;s claims to the backend.
              </span>
            </label>
          </CardContent>
        </Card>
      </fieldset>
      {!readOnly && (
        <div>
          <Button type="submit" loading={pending}>
            Save runtime settings
          </Button>
        </div>
      )}
    </form>
  );
}
