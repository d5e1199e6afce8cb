"use client";

import { useState } from "react";
import { Alert, Button, Field, Input, NativeSelect, useAction, type FormAction } from "@/components/ui";
import { ALERT_KIND_INFO, type AlertKind } from "@/lib/analytics/alerts/kinds";

const KINDS = Object.entries(ALERT_KIND_INFO).map(([value, info]) => ({ value, label: info.label }));

/** Adds an alert rule to one of the organization's APIs. */
export function RuleForm({ action, apis }: { action: FormAction<unknown>; apis: { value: string; label: string }[] }) {
  const [kind, setKind] = useState<AlertKind>("P95_LATENCY");
  const { pending, onSubmit, fieldError, failure } = useAction(action, { success: "Alert rule added", resetForm: true });
  return (
    <form onSubmit={onSubmit} className="grid gap-4 rounded-xl border border-zinc-200 p-5 sm:grid-cols-2 lg:grid-cols-5 dark:border-zinc-800">
      {failure && (
        <Alert tone="danger" className="sm:col-span-2 lg:col-span-5">
          {failure}
        </Alert>
      )}
      <Field label="API" error={fieldError("apiId")} required>
        <NativeSelect name="apiId" options={apis} placeholder="Choose an API" />
      </Field>
      <Field label="Alert when" error={fieldError("kind")} required>
        <NativeSelect name="kind" options={KINDS} value={kind} onChange={(e) => setKind(e.target.value as AlertKind)} />
      </Field>
      <Field label={`Threshold (${ALERT_KIND_INFO[kind].unit})`} error={fieldError("threshold")} required>
        <Input name="threshold" type="number" min="0" step="any" inputMode="decimal" />
      </Field>
      <Field label="Window (minutes)" error={fieldError("windowMinutes")} hint="Compared with the window before it for traffic drops.">
        <Input name="windowMinutes" type="number" min="1" max="1440" defaultValue="5" />
      </Field>
      <Field label="Webhook URL" error={fieldError("webhookUrl")} hint="Optional: receives a JSON POST when the alert fires or resolves.">
        <Input name="webhookUrl" type="url" placeholder="https://hooks.example.com/…" />
      </Field>
      <div className="sm:col-span-2 lg:col-span-5">
        <Button type="submit" loading={pending}>
          Add rule
        </Button>
      </div>
    </form>
  );
}
