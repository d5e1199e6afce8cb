import type { Metadata } from "next";
import { formatDateTime } from "@/components/analytics/format";
import { Badge, ConfirmButton, EmptyState, PageHeader, Table, TableBody, TableCell, TableHeadings, TableRow, type BadgeTone } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { listSigningKeys, type SigningKeyView } from "@/lib/keys/signing-key-admin";
import { ROTATION_NOTICE_SECONDS } from "@/lib/keys/signing-keys";
import { rotateSigningKeyAction } from "./actions";

export const metadata: Metadata = { title: "Signing keys" };

const STATES: Record<SigningKeyView["state"], { label: string; tone: BadgeTone }> = {
  pending: { label: "Published, not signing yet", tone: "info" },
  active: { label: "Signing", tone: "success" },
  retired: { label: "Retired", tone: "neutral" },
};

export default async function SigningKeysPage() {
  const keys = await listSigningKeys({ ctx: await requirePortalCtx("admin:manage", "/admin/signing-keys") });
  return (
    <>
      <PageHeader
        title="Signing keys"
        description="The keys that sign access tokens and API keys. A rotation publishes the next key to every gateway before it signs; tokens the old key signed stay valid until they expire. Each rotation is recorded in the audit log."
        actions={
          <>
            <ConfirmButton
              variant="primary"
              label="Rotate"
              confirm={{ title: "Rotate the signing key?", description: `A new key is published now and signs new tokens in ${ROTATION_NOTICE_SECONDS / 60} minutes, when the current key retires. Tokens already issued keep working until they expire.`, confirmLabel: "Rotate" }}
              action={rotateSigningKeyAction.bind(null, false)}
              success="New signing key published"
            />
            <ConfirmButton
              label="Rotate now"
              action={rotateSigningKeyAction.bind(null, true)}
              confirm={{ title: "Rotate the signing key now?", description: "For a key that may have leaked: the new key is published to the gateways and signs from now on. Tokens the old key signed stay valid until they expire; revoke them separately.", confirmLabel: "Rotate now" }}
              success="Signing key rotated"
            />
          </>
        }
      />
      {keys.length === 0 ? (
        <EmptyState title="No signing key yet" description="The first key is created when the first token is issued." />
      ) : (
        <Table>
          <TableHeadings columns={["Key id", "State", "Signs from", "Retires", "Leaves the key set"]} />
          <TableBody>
            {keys.map((key) => (
              <TableRow key={key.kid}>
                <TableCell>
                  <code className="text-xs break-all">{key.kid}</code> <span className="text-zinc-500">({key.alg})</span>
                </TableCell>
                <TableCell>
                  <Badge tone={STATES[key.state].tone}>{STATES[key.state].label}</Badge>
                  {key.state === "retired" && !key.published && <span className="ms-2 text-zinc-500">(removed)</span>}
                </TableCell>
                <TableCell>{key.activatesAt ? formatDateTime(key.activatesAt) : "not yet"}</TableCell>
                <TableCell>{key.retiredAt ? formatDateTime(key.retiredAt) : "—"}</TableCell>
                <TableCell>{key.retiredAt ? (key.removeAfter ? formatDateTime(key.removeAfter) : "kept (a token it signed never expires)") : "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
