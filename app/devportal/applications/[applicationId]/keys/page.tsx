import { ApiKeysPanel } from "@/components/devportal/api-keys-panel";
import { ConsumerKeysPanel } from "@/components/devportal/consumer-keys-panel";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui";
import type { KeyType } from "@/db/schema/apis";
import { listApiKeys } from "@/lib/keys/api-keys";
import { getConsumerKeys } from "@/lib/keys/consumer-keys";
import { loadApplication } from "../load-application";
import * as actions from "./actions";

type Props = { params: Promise<{ applicationId: string }>; searchParams: Promise<{ type?: string }> };

const TYPES = [
  { keyType: "PRODUCTION", value: "production", label: "Production keys" },
  { keyType: "SANDBOX", value: "sandbox", label: "Sandbox keys" },
] as const satisfies { keyType: KeyType; value: string; label: string }[];

export default async function ApplicationKeysPage({ params, searchParams }: Props) {
  const [{ applicationId }, { type }] = await Promise.all([params, searchParams]);
  const { ctx, application } = await loadApplication(applicationId);
  const panels = await Promise.all(
    TYPES.map(async (t) => {
      const target = { applicationId: application.id, keyType: t.keyType };
      const [keys, apiKeys] = await Promise.all([getConsumerKeys({ ctx, input: target }), listApiKeys({ ctx, input: target })]);
      return { ...t, target, keys, apiKeys };
    }),
  );
  return (
    <Tabs defaultValue={type === "sandbox" ? "sandbox" : "production"}>
      <TabsList aria-label="Key type">
        {panels.map((p) => (
          <TabsTrigger key={p.value} value={p.value}>
            {p.label}
          </TabsTrigger>
        ))}
      </TabsList>
      {panels.map((p) => (
        <TabsContent key={p.value} value={p.value} className="grid gap-6">
          <Card>
            <CardHeader>
              <CardTitle>OAuth2 consumer key and secret</CardTitle>
              <CardDescription>
                {p.keyType === "PRODUCTION" ? "Production" : "Sandbox"} tokens reach the API&apos;s {p.value} backend.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <ConsumerKeysPanel
                label={p.label.replace(" keys", "")}
                keys={p.keys}
                defaultValidity={application.tokenValiditySeconds}
                actions={{
                  generate: actions.generateKeysAction.bind(null, p.target),
                  regenerate: actions.regenerateSecretAction.bind(null, p.target),
                  revoke: actions.revokeKeysAction.bind(null, p.target),
                  token: actions.generateTokenAction.bind(null, p.target),
                }}
              />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>API keys</CardTitle>
              <CardDescription>A simpler credential: send it in the <code>apikey</code> header.</CardDescription>
            </CardHeader>
            <CardContent>
              <ApiKeysPanel
                keys={p.apiKeys}
                create={actions.createApiKeyAction.bind(null, p.target)}
                revoke={actions.revokeApiKeyAction.bind(null, p.target)}
              />
            </CardContent>
          </Card>
        </TabsContent>
      ))}
    </Tabs>
  );
}
