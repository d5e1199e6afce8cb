import type { Metadata } from "next";
import { SettingsForm } from "@/components/admin/settings-form";
import { PageHeader } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { getPlatformSettings } from "@/lib/users/platform-settings";
import { updateSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function AdminSettingsPage() {
  const ctx = await requirePortalCtx("admin:manage", "/admin/settings");
  const settings = await getPlatformSettings({ ctx });
  return (
    <>
      <PageHeader title="Settings" description="Platform-wide defaults. Each change is recorded in the audit log with its old and new value." />
      <SettingsForm action={updateSettingsAction} settings={settings} />
    </>
  );
}
