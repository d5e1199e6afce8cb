import { CopyButton, Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui";
import type { DevportalResource } from "@/lib/devportal/api-view";

type Snippet = { id: string; label: string; code: string };

/** `{orderId}` becomes a placeholder value people replace. */
function examplePath(target: string): string {
  return target.replace(/\/\*$/, "/").replace(/\{([^}]+)\}/g, (_, name: string) => `<${name}>`);
}

function snippets(baseUrl: string, resource: DevportalResource): Snippet[] {
  const url = `${baseUrl}${examplePath(resource.target)}`;
  const method = resource.method;
  const secured = resource.authType !== "None";
  const hasBody = ["POST", "PUT", "PATCH"].includes(method);
  const curl = [`curl -X ${method} "${url}"`, secured && `  -H "Authorization: Bearer $ACCESS_TOKEN"`, hasBody && `  -H "Content-Type: application/json"`, hasBody && `  -d '{}'`]
    .filter(Boolean)
    .join(" \\\n");
  const headers = [secured && `Authorization: \`Bearer \${accessToken}\``, hasBody && `"Content-Type": "application/json"`].filter(Boolean);
  const js = [
    `const response = await fetch("${url}", {`,
    `  method: "${method}",`,
    headers.length ? `  headers: { ${headers.join(", ")} },` : null,
    hasBody ? `  body: JSON.stringify({}),` : null,
    `});`,
    `console.log(response.status, await response.json());`,
  ]
    .filter((line) => line !== null)
    .join("\n");
  const py = [
    "import requests",
    "",
    `response = requests.request(`,
    `    "${method}",`,
    `    "${url}",`,
    secured ? `    headers={"Authorization": f"Bearer {access_token}"},` : null,
    hasBody ? `    json={},` : null,
    `)`,
    `print(response.status_code, response.json())`,
  ]
    .filter((line) => line !== null)
    .join("\n");
  return [
    { id: "curl", label: "curl", code: curl },
    { id: "js", label: "JavaScript", code: js },
    { id: "python", label: "Python", code: py },
  ];
}

/** Ready-to-paste calls of one resource through the gateway. */
export function CodeSnippets({ baseUrl, resource }: { baseUrl: string; resource: DevportalResource }) {
  const all = snippets(baseUrl, resource);
  return (
    <Tabs defaultValue="curl">
      <TabsList aria-label={`Code samples for ${resource.method} ${resource.target}`}>
        {all.map((s) => (
          <TabsTrigger key={s.id} value={s.id}>
            {s.label}
          </TabsTrigger>
        ))}
      </TabsList>
      {all.map((s) => (
        <TabsContent key={s.id} value={s.id} className="relative">
          <pre className="overflow-x-auto rounded-lg bg-zinc-950 p-4 pe-24 font-mono text-xs leading-5 text-zinc-100">{s.code}</pre>
          <div className="absolute end-2 top-2">
            <CopyButton value={s.code} label={`Copy`} />
          </div>
        </TabsContent>
      ))}
    </Tabs>
  );
}
