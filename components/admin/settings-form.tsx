"use client";

import { Alert, Button, Field, Input, useAction, type FormAction } from "@/components/ui";
import type { PlatformSettings } from "@/lib/users/platform-settings";

/** The platform settings an admin can change. */
export function SettingsForm({ action, settings }: { action: FormAction<unknown>; settings: PlatformSettings }) {
  const { pending, onSubmit, fieldError, failure } = useAction(action, { success: "Settings saved" });
  return (
    <form onSubmit={onSubmit} className="grid max-w-xl gap-5">
      {failure && <Alert tone="danger">{failure}</Alert>}
      <Field
        label="Default access-token validity (seconds)"
        error={fieldError("defaultTokenValiditySeconds")}
        hint="For tokens whose request and application name no validity. A negative number means tokens never expire."
        required
      >
        <Input name="defaultTokenValiditySeconds" type="number" step="1" defaultValue={settings.defaultTokenValiditySeconds} />
      </Field>
      <Field
        label="Keep analytics for (days)"
        error={fieldError("analyticsRetentionDays")}
        hint="Daily roll-ups are kept this long; hourly ones at most 90 days, raw events and minute roll-ups at most 7 days."
        required
      >
        <Input name="analyticsRetentionDays" type="number" min="7" max="3650" step="1" defaultValue={settings.analyticsRetentionDays} />
      </Field>
      <div>
        <Button type="submit" loading={pending}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
