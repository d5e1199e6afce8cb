/**
 * Verified credentials by their exact string, so a hot token costs a map lookup instead of an ECDSA
 * verification. Bounded; the oldest entries go first. Revocation is checked on every request anyway.
 */
export class TokenCache<V extends { expiresAtMs: number | null }> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries = 10_000) {}

  get(token: string, now: number): V | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs !== null && entry.expiresAtMs <= now) {
      this.entries.delete(token);
      return undefined;
    }
    return entry;
  }

  set(token: string, value: V): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, value);
  }

  clear(): void {
    this.entries.clear();
  }
}
