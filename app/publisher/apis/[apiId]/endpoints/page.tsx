import type { Metadata } from "next";
import { EndpointsForm } from "@/components/publisher/endpoints-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui";
import { can } from "@/lib/services/context";
import { loadApi } from "../load-api";
import { saveEndpointsAction, testEndpointAction } from "./actions";

export const metadata: Metadata = { title: "Endpoints" };

export default async function EndpointsPage({ params }: { params: Promise<{ apiId: string }> }) {
  const { apiId } = await params;
  const { ctx, api } = await loadApi(apiId);
  return (
    <Card className="max-w-3xl">
      <CardHeader>
        <CardTitle>Backend endpoints</CardTitle>
        <CardDescription>Where the gateway sends calls: production tokens to production, sandbox tokens to sandbox. Test calls the URL from the server and reports status and latency.</CardDescription>
      </CardHeader>
      <CardContent>
        <EndpointsForm api={api} action={saveEndpointsAction.bind(null, api.id)} testAction={testEndpointAction.bind(null, api.id)} readOnly={!can(ctx.actor, "api:create")} />
      </CardContent>
    </Card>
  );
}
