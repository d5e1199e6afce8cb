import type { Metadata } from "next";
import { ResourcesEditor } from "@/components/publisher/resources-editor";
import { RuntimeSettingsForm } from "@/components/publisher/runtime-settings-form";
import { can } from "@/lib/services/context";
import { availablePolicyNames } from "@/lib/throttling/default-policies";
import { loadApi } from "../load-api";
import { saveResourcesAction, saveRuntimeAction } from "./actions";

export const metadata: Metadata = { title: "Resources" };

export default async function ResourcesPage({ params }: { params: Promise<{ apiId: string }> }) {
  const { apiId } = await params;
  const { ctx, api } = await loadApi(apiId);
  const [apiTiers, subscriptionTiers] = [await availablePolicyNames(ctx.db, "API"), await availablePolicyNames(ctx.db, "SUBSCRIPTION")];
  const readOnly = !can(ctx.actor, "api:create");
  return (
    <div className="grid gap-10">
      <ResourcesEditor api={api} tiers={apiTiers} action={saveResourcesAction.bind(null, api.id)} readOnly={readOnly} />
      <section aria-labelledby="runtime-heading" className="grid gap-4">
        <h2 id="runtime-heading" className="text-lg font-semibold">
          Runtime
        </h2>
        <RuntimeSettingsForm api={api} subscriptionTiers={subscriptionTiers} apiTiers={apiTiers} action={saveRuntimeAction.bind(null, api.id)} readOnly={readOnly} />
      </section>
    </div>
  );
}
