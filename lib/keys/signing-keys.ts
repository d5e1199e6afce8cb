import "server-only";
import { and, desc, eq, gt, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import { importJWK, type JWK } from "jose";
import type { Database, Tx } from "@/db/client";
import { signingKeys } from "@/db/schema";
import { announce } from "@/lib/events/bus";
import type { SigningMaterial } from "./jwt";
import { newKeyPair, openPrivateKey } from "./key-pairs";

/**
 * ES256 signing keys. `created_at` is when a key starts signing and `retired_at` when it stops: a
 * rotation publishes the next key ahead of use, so every verifier's cached JWKS knows it before the
 * first token it signs arrives. A key stays in the JWKS until the last token it signed expires:
 * `remove_after` is that watermark, kept current while the key signs (null: it signed something
 * that never expires, so it stays until removed by hand).
 */
export type ActiveSigningKey = SigningMaterial & {
  /** Latest expiry this process knows to be recorded for the key; null: forever. */
  watermark: Date | null;
};

export type PublicJwk = JWK & { kid: string; alg: string; use: "sig" };

/** How long a process trusts its cached view of the keys before re-reading (rotation elsewhere shows up within it). */
const CACHE_TTL_MS = 60_000;
/** An unknown `kid` re-reads the keys at most this often, so garbage tokens cannot hammer the database. */
const UNKNOWN_KID_COOLDOWN_MS = 5_000;
/** The watermark runs this far ahead of the latest expiry, so most signings need no write. */
const WATERMARK_SLACK_MS = 60 * 60_000;
const CREATE_LOCK_ID = 0x6b657973;

type KeyCache = {
  active?: { key: ActiveSigningKey; loadedAt: number };
  creating?: Promise<ActiveSigningKey>;
  published?: { jwks: PublicJwk[]; verification: Map<string, CryptoKey>; loadedAt: number };
};

/** Per process (on globalThis) and per database, so tests that switch databases never mix keys. */
const CACHE_KEY = Symbol.for("portcullis.keys.signing-cache");
type Holder = { [CACHE_KEY]?: WeakMap<Database, KeyCache> };

function cacheFor(db: Database): KeyCache {
  const holder = globalThis as Holder;
  const caches = (holder[CACHE_KEY] ??= new WeakMap());
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = {}));
  return cache;
}

/** The key that signs new tokens, created on first use. Load it before opening a transaction. */
export async function activeSigningKey(db: Database): Promise<ActiveSigningKey> {
  const cache = cacheFor(db);
  if (cache.active && Date.now() - cache.active.loadedAt < CACHE_TTL_MS) return cache.active.key;
  cache.creating ??= loadOrCreateActiveKey(db).finally(() => {
    cache.creating = undefined;
  });
  const key = await cache.creating;
  cache.active = { key, loadedAt: Date.now() };
  // A key this process has not published yet (it just created it): re-read the JWKS on next use.
  if (cache.published && !cache.published.verification.has(key.kid)) cache.published = undefined;
  return key;
}

/**
 * Records that `key` signed a token expiring at `expiresAt` (null: never) before the token is handed
 * out, so the key is never dropped from the JWKS while that token is still valid.
 */
export async function recordSigning(db: Database, key: ActiveSigningKey, expiresAt: Date | null): Promise<void> {
  if (key.watermark === null) return;
  if (expiresAt === null) {
    await db.transaction((tx) => tx.update(signingKeys).set({ removeAfter: null }).where(eq(signingKeys.kid, key.kid)));
    key.watermark = null;
    return;
  }
  if (expiresAt <= key.watermark) return;
  const next = new Date(expiresAt.getTime() + WATERMARK_SLACK_MS);
  // Only ever moves forward, whichever process writes first.
  await db.transaction((tx) =>
    tx
      .update(signingKeys)
      .set({ removeAfter: next })
      .where(and(eq(signingKeys.kid, key.kid), isNotNull(signingKeys.removeAfter), lt(signingKeys.removeAfter, next))),
  );
  key.watermark = next;
}

/** The public keys verifiers should trust: the active ones and retired ones whose tokens may still be valid. */
export async function publishedKeys(db: Database): Promise<PublicJwk[]> {
  return (await loadPublished(db)).jwks;
}

/** The verification key for a `kid`, or null when no published key has it. */
export async function verificationKey(db: Database, kid: string | undefined): Promise<CryptoKey | null> {
  if (!kid) return null;
  let published = await loadPublished(db);
  if (!published.verification.has(kid) && Date.now() - published.loadedAt > UNKNOWN_KID_COOLDOWN_MS) {
    published = await loadPublished(db, true);
  }
  return published.verification.get(kid) ?? null;
}

/** How far ahead a rotation publishes the next key: the JWKS endpoint's cache lifetime. */
export const ROTATION_NOTICE_SECONDS = 300;

/** What a rotation did: the new key, when it signs (or started signing), and the keys it retired. */
export type Rotation = { kid: string; activatesAt: Date; retired: string[] };

/** Stands for "not signing yet" between a rotation's two steps: a key no clock reaches. */
const PENDING_ACTIVATION = new Date("9999-12-31T00:00:00Z");

/**
 * Publishes a new signing key and switches signing to it after `noticeSeconds` (0 for an emergency,
 * e.g. a leaked key); the keys in use retire at that moment. Two steps, so that every verifier knows
 * the key before the first token it signs, whatever the notice: the key is stored published but not
 * signing and announced (the announcement is awaited), and only then given its activation time and
 * the others retired, in one transaction with `record` (the caller's audit entry). If the second
 * step fails, the published key never signs and the next rotation retires it.
 */
export async function rotateSigningKey(
  db: Database,
  {
    noticeSeconds = ROTATION_NOTICE_SECONDS,
    record,
  }: { noticeSeconds?: number; record?: (tx: Tx, rotation: Rotation) => Promise<void> } = {},
): Promise<Rotation> {
  const created = await newKeyPair(PENDING_ACTIVATION);
  await db.transaction(async (tx) => {
    await lockKeyCreation(tx);
    await tx.insert(signingKeys).values(created.row);
  });
  forget(db);
  // Awaited (announce never rejects; a failing transport is logged): every verifier knows the key
  // before it signs, and a gateway that missed it re-reads the JWKS on an unknown kid.
  await announce({ type: "signing-keys.changed" });
  // The notice runs from the announcement, so an emergency rotation still signs only after it.
  const activatesAt = new Date(Date.now() + noticeSeconds * 1000);
  const result = await db.transaction(async (tx) => {
    await lockKeyCreation(tx);
    const retired = await tx
      .update(signingKeys)
      .set({ retiredAt: activatesAt })
      .where(
        and(
          sql`${signingKeys.kid} <> ${created.row.kid}`,
          or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, activatesAt)),
        ),
      )
      .returning({ kid: signingKeys.kid });
    // Nothing signed yet: once retired, the key may leave the JWKS at once.
    await tx
      .update(signingKeys)
      .set({ createdAt: activatesAt, removeAfter: activatesAt })
      .where(eq(signingKeys.kid, created.row.kid));
    const rotation = { kid: created.row.kid, activatesAt, retired: retired.map((r) => r.kid) };
    await record?.(tx, rotation);
    return rotation;
  });
  forget(db);
  return result;
}

/** A signing key as an administrator sees it: never the private half. */
export type SigningKeyView = {
  kid: string;
  alg: string;
  /** When it starts (or started) signing; null: published by a rotation that has not finished. */
  activatesAt: Date | null;
  /** When it stops (or stopped) signing; null: not scheduled. */
  retiredAt: Date | null;
  /** When it leaves the JWKS once retired (the last token it signed expires); null: kept until removed by hand. */
  removeAfter: Date | null;
  /** What it does now. */
  state: "pending" | "active" | "retired";
  /** In the JWKS verifiers trust. */
  published: boolean;
};

/** Every stored signing key, newest first, as `SigningKeyView`s. */
export async function readSigningKeys(db: Database): Promise<SigningKeyView[]> {
  const now = new Date();
  const rows = await db
    .select({
      kid: signingKeys.kid,
      alg: signingKeys.alg,
      createdAt: signingKeys.createdAt,
      retiredAt: signingKeys.retiredAt,
      removeAfter: signingKeys.removeAfter,
    })
    .from(signingKeys)
    .orderBy(desc(signingKeys.createdAt), desc(signingKeys.kid));
  return rows.map((row) => {
    const retired = row.retiredAt !== null && row.retiredAt <= now;
    const pending = row.createdAt > now;
    return {
      kid: row.kid,
      alg: row.alg,
      activatesAt: row.createdAt.getTime() === PENDING_ACTIVATION.getTime() ? null : row.createdAt,
      retiredAt: row.retiredAt,
      removeAfter: row.removeAfter,
      state: retired ? "retired" : pending ? "pending" : "active",
      published: !retired || row.removeAfter === null || row.removeAfter > now,
    };
  });
}

/** Drops this process's cached keys for `db` (after a rotation or a purge). */
export function forget(db: Database): void {
  (globalThis as Holder)[CACHE_KEY]?.delete(db);
}

async function loadPublished(db: Database, force = false): Promise<NonNullable<KeyCache["published"]>> {
  const cache = cacheFor(db);
  if (!force && cache.published && Date.now() - cache.published.loadedAt < CACHE_TTL_MS) return cache.published;
  const jwks = await readPublishedJwks(db);
  const verification = new Map<string, CryptoKey>();
  for (const jwk of jwks) verification.set(jwk.kid, (await importJWK(jwk, jwk.alg)) as CryptoKey);
  cache.published = { jwks, verification, loadedAt: Date.now() };
  return cache.published;
}

/** The published keys straight from the database, uncached (the gateway's snapshot caches them itself). */
export async function readPublishedJwks(db: Database): Promise<PublicJwk[]> {
  const now = new Date();
  const rows = await db
    .select({ kid: signingKeys.kid, alg: signingKeys.alg, publicJwk: signingKeys.publicJwk })
    .from(signingKeys)
    .where(
      or(
        isNull(signingKeys.retiredAt),
        gt(signingKeys.retiredAt, now),
        isNull(signingKeys.removeAfter),
        gt(signingKeys.removeAfter, now),
      ),
    )
    .orderBy(desc(signingKeys.createdAt));
  return rows.map((row) => ({ ...row.publicJwk, kid: row.kid, alg: row.alg, use: "sig" as const }));
}

async function loadOrCreateActiveKey(db: Database): Promise<ActiveSigningKey> {
  const existing = await newestActiveRow(db);
  if (existing) return toActiveKey(existing);
  const created = await newKeyPair();
  // Two processes may both find no key: the advisory lock lets one create it and the other reuse it.
  const row = await db.transaction(async (tx) => {
    await lockKeyCreation(tx);
    const raced = await newestActiveRow(tx);
    if (raced) return raced;
    await tx.insert(signingKeys).values(created.row).onConflictDoNothing({ target: signingKeys.kid });
    return created.row;
  });
  if (row.kid !== created.row.kid) return toActiveKey(row);
  // Awaited before the new key signs anything: a gateway knows the key before the first token it signs.
  await announce({ type: "signing-keys.changed" });
  return { kid: created.row.kid, privateKey: created.privateKey, watermark: created.row.removeAfter };
}

type KeyRow = { kid: string; privateKeyEncrypted: string; removeAfter: Date | null };

async function newestActiveRow(db: Database | Tx): Promise<KeyRow | undefined> {
  const now = new Date();
  const [row] = await db
    .select({ kid: signingKeys.kid, privateKeyEncrypted: signingKeys.privateKeyEncrypted, removeAfter: signingKeys.removeAfter })
    .from(signingKeys)
    .where(and(lte(signingKeys.createdAt, now), or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, now))))
    .orderBy(desc(signingKeys.createdAt), desc(signingKeys.kid))
    .limit(1);
  return row;
}

async function toActiveKey(row: KeyRow): Promise<ActiveSigningKey> {
  return { kid: row.kid, privateKey: await openPrivateKey(row), watermark: row.removeAfter };
}

async function lockKeyCreation(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CREATE_LOCK_ID})`);
}
