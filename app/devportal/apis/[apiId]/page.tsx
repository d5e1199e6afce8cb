import Link from "next/link";
import { CodeSnippets } from "@/components/devportal/code-snippets";
import { GatewayUrls } from "@/components/devportal/gateway-urls";
import { MethodBadge } from "@/components/devportal/method-badge";
import { RatingInput } from "@/components/devportal/rating-input";
import { SubscribeForm } from "@/components/devportal/subscribe-form";
import { Alert, Badge, Button, Card, CardContent, CardHeader, CardTitle } from "@/components/ui";
import { listApplications } from "@/lib/devportal/applications";
import { listSubscriptions } from "@/lib/devportal/subscriptions";
import { can } from "@/lib/services/context";
import { rateAction, subscribeAction } from "./actions";
import { loadApi } from "./load-api";

type Props = { params: Promise<{ apiId: string }> };

export default async function ApiOverviewPage({ params }: Props) {
  const { apiId } = await params;
  const { ctx, api } = await loadApi(apiId);
  const member = can(ctx.actor, "devportal:subscribe");
  const [applications, mine] = member
    ? await Promise.all([listApplications({ ctx }), listSubscriptions({ ctx, input: { apiId: api.id } })])
    : [[], []];
  const baseUrl = api.gatewayUrls.production ?? api.gatewayUrls.sandbox ?? "";
  const definition = `/api/v1/devportal/apis/${api.id}/openapi`;
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="grid content-start gap-6 lg:col-span-2">
        <Card>
          <CardHeader>
            <CardTitle>Gateway URLs</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4">
            <GatewayUrls urls={api.gatewayUrls} />
            <div className="flex flex-wrap gap-2 text-sm">
              <span className="text-zinc-600 dark:text-zinc-400">OpenAPI definition:</span>
              <a className="font-medium text-brand-700 underline dark:text-brand-300" href={`${definition}?format=json&download=1`} download>
                JSON
              </a>
              <a className="font-medium text-brand-700 underline dark:text-brand-300" href={`${definition}?format=yaml&download=1`} download>
                YAML
              </a>
            </div>
          </CardContent>
        </Card>
        <section aria-labelledby="resources-heading" className="grid gap-3">
          <h2 id="resources-heading" className="text-lg font-semibold">
            Resources
          </h2>
          {api.resources.map((resource) => (
            <details key={`${resource.method} ${resource.target}`} className="group rounded-xl border border-zinc-200 dark:border-zinc-800">
              <summary className="flex cursor-pointer items-center gap-3 p-4 focus-visible:outline-2 focus-visible:outline-brand-500">
                <MethodBadge method={resource.method} />
                <code className="font-mono text-sm">{resource.target}</code>
                <span className="min-w-0 flex-1 truncate text-sm text-zinc-600 dark:text-zinc-400">{resource.summary}</span>
                {resource.authType === "None" && <Badge>no token needed</Badge>}
              </summary>
              <div className="border-t border-zinc-200 p-4 dark:border-zinc-800">
                <CodeSnippets baseUrl={baseUrl} resource={resource} />
              </div>
            </details>
          ))}
        </section>
      </div>
      <aside className="grid content-start gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Subscribe</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4">
            {mine.length > 0 && (
              <ul className="grid gap-2 text-sm" aria-label="Your subscriptions">
                {mine.map((sub) => (
                  <li key={sub.id} className="flex items-center justify-between gap-2">
                    <Link href={`/devportal/applications/${sub.applicationId}/keys`} className="font-medium hover:underline">
                      {sub.applicationName}
                    </Link>
                    <Badge tone="success">{sub.throttlingTier}</Badge>
                  </li>
                ))}
              </ul>
            )}
            {!ctx.actor ? (
              <Button asChild>
                <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/devportal/apis/${api.id}`)}`}>Sign in to subscribe</Link>
              </Button>
            ) : api.subscriptionNotice ? (
              <Alert tone="info">{api.subscriptionNotice}</Alert>
            ) : (
              <SubscribeForm
                apiId={api.id}
                tiers={api.subscriptionTiers}
                applications={applications.map((a) => ({ id: a.id, name: a.name, subscribed: mine.some((s) => s.applicationId === a.id) }))}
                action={subscribeAction}
              />
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Tiers offered</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-2 text-sm">
              {api.subscriptionTiers.map((tier) => (
                <div key={tier.name} className="flex justify-between gap-3">
                  <dt className="font-medium">{tier.name}</dt>
                  <dd className="text-right text-zinc-600 dark:text-zinc-400">{tier.description}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>About</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-3 text-sm">
            <p>
              Context <code className="font-mono">{api.context}</code>
              {api.isDefaultVersion && <> · default version</>}
            </p>
            {api.businessOwner && (
              <p>
                Business owner: {api.businessOwner}
                {api.businessOwnerEmail && (
                  <>
                    {" "}
                    (<a className="underline" href={`mailto:${api.businessOwnerEmail}`}>{api.businessOwnerEmail}</a>)
                  </>
                )}
              </p>
            )}
            {api.tags.length > 0 && (
              <div className="flex flex-wrap gap-1">
                {api.tags.map((tag) => (
                  <Link key={tag} href={`/devportal?tag=${encodeURIComponent(tag)}`}>
                    <Badge tone="info">{tag}</Badge>
                  </Link>
                ))}
              </div>
            )}
            {member && <RatingInput apiId={api.id} mine={api.rating.mine} action={rateAction} />}
          </CardContent>
        </Card>
      </aside>
    </div>
  );
}
