/**
 * Verified credentials, so a hot token costs a map lookup instead of an ECDSA verification. Bounded;
 * the oldest entries go first. Revocation is checked on every request anyway.
 *
 * Keyed by the token's last characters (its signature's end) and confirmed against the whole token:
 * every request brings the token as a new string, and hashing all of a 700-character JWT for the
 * lookup cost more than the rest of authentication. A token that shares the tail of a cached one is a
 * miss, verified like any new token. The comparison is not constant-time, and need not be: it only
 * runs once the presented token already ends with a cached token's 32 signature characters, which a
 * caller who does not hold that token cannot guess.
 */
export class TokenCache<V extends { expiresAtMs: number | null }> {
  private readonly entries = new Map<string, { token: string; value: V }>();

  constructor(private readonly maxEntries = 10_000) {}

  get(token: string, now: number): V | undefined {
    const key = keyOf(token);
    const entry = this.entries.get(key);
    if (!entry || entry.token !== token) return undefined;
    const { value } = entry;
    if (value.expiresAtMs !== null && value.expiresAtMs <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return value;
  }

  set(token: string, value: V): void {
    const key = keyOf(token);
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { token, value });
  }

  clear(): void {
    this.entries.clear();
  }
}

const KEY_LENGTH = 32;

function keyOf(token: string): string {
  return token.length > KEY_LENGTH ? token.slice(-KEY_LENGTH) : token;
}
