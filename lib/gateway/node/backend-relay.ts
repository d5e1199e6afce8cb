import type { Writable } from "node:stream";
import { errors, type Dispatcher } from "undici";
import { ForwardError, type OutgoingHeaders, type UpstreamResponse } from "../context";

/** Chunks held for a reader that has not caught up, before the backend's socket is paused. */
const HIGH_WATER_CHUNKS = 16;

/**
 * One backend call as undici's `dispatch` delivers it, relayed to the client's response with no
 * Readable stream or pipe in between, as undici's own `stream()` does for proxies: the node:http
 * listener hands it the response (`relayTo`), and chunks go straight to it, pausing the backend's
 * socket while the client's is full. Until then (the pipeline adds its headers first) the few chunks
 * that arrive are held; a small answer is usually complete by then and goes out in one write. Fetch
 * mounts read it as an async iterable instead.
 */
export class BackendRelay implements Dispatcher.DispatchHandler, AsyncIterable<Uint8Array> {
  /** Settles with the status and headers, or with a ForwardError when no answer came. */
  readonly response: Promise<UpstreamResponse>;
  private settle!: { resolve: (response: UpstreamResponse) => void; reject: (error: ForwardError) => void };
  private started = false;
  private controller: Dispatcher.DispatchController | null = null;
  private sink: Writable | null = null;
  private chunks: Buffer[] = [];
  private paused = false;
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly bodiless: boolean) {
    this.response = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: OutgoingHeaders): void {
    if (statusCode < 200) return;
    this.started = true;
    const empty = this.bodiless || statusCode === 204 || statusCode === 304;
    this.settle.resolve({ status: statusCode, headers, body: empty ? null : this });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.sink) {
      if (!this.sink.write(chunk)) this.pause(controller, this.sink);
      return;
    }
    this.chunks.push(chunk);
    if (this.chunks.length >= HIGH_WATER_CHUNKS) this.pause(controller, null);
    this.wake?.();
  }

  onResponseEnd(): void {
    this.ended = true;
    this.sink?.end();
    this.wake?.();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (!this.started) {
      this.settle.reject(toForwardError(error));
      return;
    }
    this.failure = error;
    this.sink?.destroy(error);
    this.wake?.();
  }

  /** Sends the body to the client's response, whose head is written; a client that leaves stops the backend call. */
  relayTo(sink: Writable): void {
    this.sink = sink;
    const held = this.chunks;
    this.chunks = [];
    if (this.failure) {
      for (const chunk of held) sink.write(chunk);
      sink.destroy(this.failure);
    } else if (this.ended) {
      if (held.length === 1) sink.end(held[0]);
      else {
        for (const chunk of held) sink.write(chunk);
        sink.end();
      }
    } else {
      let full = false;
      for (const chunk of held) full = !sink.write(chunk);
      if (full) this.pause(this.controller, sink);
      else if (this.paused) this.resume();
      sink.once("close", () => {
        if (!this.ended && !this.failure) this.controller?.abort(new Error("the client closed the connection"));
      });
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    try {
      for (;;) {
        const chunk = this.chunks.shift();
        if (chunk) {
          if (this.paused && this.chunks.length < HIGH_WATER_CHUNKS / 2) this.resume();
          yield chunk;
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    } finally {
      if (!this.ended && !this.failure) this.controller?.abort(new Error("the body was not read to the end"));
    }
  }

  private pause(controller: Dispatcher.DispatchController | null, drains: Writable | null): void {
    if (this.paused) return;
    this.paused = true;
    controller?.pause();
    drains?.once("drain", () => this.resume());
  }

  private resume(): void {
    this.paused = false;
    this.controller?.resume();
  }
}

export function toForwardError(error: unknown): ForwardError {
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  ) {
    return new ForwardError("timeout", (error as Error).message);
  }
  return new ForwardError("unreachable", error instanceof Error ? error.message : String(error));
}
