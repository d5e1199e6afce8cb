import type { GatewaySnapshot } from "./types";
import { logger } from "@/lib/observability/log-core";

const log = logger("gateway");

export type SnapshotStoreOptions = {
  debounceMs?: number;
  refreshEveryMs?: number;
  /**
   * Called with every snapshot that goes live: the first build and each rebuild (with the recent
   * patches re-applied). Not called for `patch` alone. Errors are logged, never thrown.
   */
  onRebuilt?: (snapshot: GatewaySnapshot) => void | Promise<void>;
};

/**
 * Holds the current snapshot and rebuilds it: on demand (debounced, so a burst of changes costs one
 * rebuild), on a timer as a safety net, and never twice at once. Requests read `current` only.
 */
export class SnapshotStore {
  private snapshot: GatewaySnapshot;
  private version = 0;
  private running: Promise<void> | null = null;
  /** The rebuild that starts when the running one ends, shared by everyone who asked meanwhile. */
  private queued: { promise: Promise<void>; resolve: () => void } | null = null;
  private debounce: ReturnType<typeof setTimeout> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastForced = 0;
  private patches: { at: number; apply: (snapshot: GatewaySnapshot) => void }[] = [];

  constructor(
    private readonly build: (version: number) => Promise<GatewaySnapshot>,
    initial: GatewaySnapshot,
    private readonly options: SnapshotStoreOptions = {},
  ) {
    this.snapshot = initial;
    this.version = initial.version;
  }

  static async create(build: (version: number) => Promise<GatewaySnapshot>, options?: SnapshotStoreOptions) {
    const store = new SnapshotStore(build, await build(1), options);
    store.rebuilt(store.snapshot);
    if (options?.refreshEveryMs) {
      store.timer = setInterval(() => void store.refresh(), options.refreshEveryMs);
      store.timer.unref?.();
    }
    return store;
  }

  get current(): GatewaySnapshot {
    return this.snapshot;
  }

  /**
   * Applies a small change in place (a revoked jti) without waiting for a rebuild. It is re-applied
   * to snapshots built in the next minute, in case a rebuild read the database just before the change.
   */
  patch(apply: (snapshot: GatewaySnapshot) => void): void {
    apply(this.snapshot);
    this.patches.push({ at: Date.now(), apply });
  }

  /** Schedules a rebuild soon; many calls in a burst become one. */
  invalidate(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.refresh();
    }, this.options.debounceMs ?? 25);
  }

  /**
   * Rebuilds now (or right after the running rebuild, which may have read the database before the
   * call), resolving when a rebuild that started after the call has ended. Never rejects.
   */
  refresh(): Promise<void> {
    if (this.running) {
      if (!this.queued) {
        let resolve = () => {};
        const promise = new Promise<void>((done) => (resolve = done));
        this.queued = { promise, resolve };
      }
      return this.queued.promise;
    }
    this.running = (async () => {
      try {
        const next = await this.build(++this.version);
        this.patches = this.patches.filter((p) => Date.now() - p.at < 60_000);
        for (const patch of this.patches) patch.apply(next);
        this.snapshot = next;
        this.rebuilt(next);
      } catch (error) {
        log.error({ err: error }, "snapshot rebuild failed; keeping the previous one");
      } finally {
        this.running = null;
        const queued = this.queued;
        this.queued = null;
        if (queued) void this.refresh().then(queued.resolve);
      }
    })();
    return this.running;
  }

  private rebuilt(snapshot: GatewaySnapshot): void {
    const onRebuilt = this.options.onRebuilt;
    if (!onRebuilt) return;
    try {
      void Promise.resolve(onRebuilt(snapshot)).catch((error: unknown) => log.error({ err: error }, "snapshot listener failed"));
    } catch (error) {
      log.error({ err: error }, "snapshot listener failed");
    }
  }

  /** A rebuild on a request's behalf (e.g. an unknown signing key), at most once per `cooldownMs`. */
  async refreshAtMostEvery(cooldownMs: number): Promise<boolean> {
    if (Date.now() - this.lastForced < cooldownMs) return false;
    this.lastForced = Date.now();
    await this.refresh();
    return true;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
  }
}
