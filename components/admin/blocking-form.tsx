"use client";

import type { FormAction } from "@/components/ui";
import { useState } from "react";
import { Alert, Button, Field, Input, NativeSelect, useToast, useAction } from "@/components/ui";
import type { BlockingConditionView, BlockingType } from "@/lib/throttling/blocking";
import { BLOCKING_KINDS } from "./blocking-kinds";

/** Adds a condition; every gateway refuses matching calls (403 900805) within a second. */
export function BlockingForm({ action }: { action: FormAction<BlockingConditionView> }) {
  const [type, setType] = useState<BlockingType>("API");
  const { toast } = useToast();
  const { pending, onSubmit, fieldError, failure } = useAction(action, {
    onSuccess: (created, form) => {
      toast({ title: `Blocking ${BLOCKING_KINDS[created.type].label.toLowerCase()} ${created.value}`, variant: "success" });
      form?.reset();
      setType("API");
    },
  });
  const kind = BLOCKING_KINDS[type];
  return (
    <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[12rem_1fr_auto_auto] sm:items-start" noValidate>
      {failure && !fieldError("value") && !fieldError("type") && <Alert tone="danger" className="sm:col-span-4">{failure}</Alert>}
      <Field label="Condition" error={fieldError("type")}>
        <NativeSelect
          name="type"
          value={type}
          onChange={(event) => setType(event.target.value as BlockingType)}
          options={Object.entries(BLOCKING_KINDS).map(([value, { label }]) => ({ value, label }))}
        />
      </Field>
      <Field label="Value" required hint={kind.hint} error={fieldError("value")}>
        <Input name="value" placeholder={kind.placeholder} autoComplete="off" required />
      </Field>
      <label className="flex items-center gap-2 text-sm sm:pt-8">
        <input type="checkbox" name="enabled" defaultChecked className="size-4 accent-brand-600" />
        Enabled
      </label>
      <Button type="submit" loading={pending} className="sm:mt-6">
        Add condition
      </Button>
    </form>
  );
}
