/**
 * Signing-key ids that were not in the published JWKS when last checked, remembered for `recheckMs`
 * so a token with a made-up `kid` is refused without another look; bounded, the oldest forgotten
 * first. A real new key is announced when it is created, so it is known before its first token.
 */
export class UnknownKids {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly max = 1024,
    private readonly recheckMs = 5_000,
  ) {}

  /** Checked and not found less than `recheckMs` ago. */
  has(kid: string, now: number): boolean {
    const at = this.seen.get(kid);
    return at !== undefined && now - at < this.recheckMs;
  }

  add(kid: string, now: number): void {
    this.seen.delete(kid);
    this.seen.set(kid, now);
    if (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value!);
  }
}
