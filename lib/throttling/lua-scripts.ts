import { createHash } from "node:crypto";

/**
 * The limiter's window script (shared-limiter.ts), like @upstash/ratelimit's ≥ 2.1, starts with
 * `#!lua flags=allow-key-locking`, a flag only Upstash knows: stock Redis 7 answers "ERR Unexpected
 * flag in script shebang". Before such a script reaches a stock Redis the shebang line goes, and
 * then the script's SHA1 changes, so the hash the client sends with EVALSHA (the SHA1 of the flagged
 * text) has to be mapped to the hash Redis knows the stripped script by. Node only (node:crypto):
 * the TCP adapter and the test bridge.
 */
const SHEBANG = /^#![^\n]*(\n|$)/;

export function stripScriptFlags(script: string): string {
  return SHEBANG.test(script) ? script.replace(SHEBANG, "") : script;
}

export function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** Hashes the client knows a script by → hashes Redis knows its stripped form by. */
export class ScriptHashes {
  private readonly toServer = new Map<string, string>();

  /** Strips the script and remembers both hashes; returns what to send to Redis. */
  register(script: string): { clientHash: string; serverHash: string; serverScript: string } {
    const serverScript = stripScriptFlags(script);
    const clientHash = sha1(script);
    const serverHash = serverScript === script ? clientHash : sha1(serverScript);
    this.toServer.set(clientHash, serverHash);
    return { clientHash, serverHash, serverScript };
  }

  /** The hash to send with EVALSHA: mapped when the script was seen stripped, else as given. */
  serverHash(clientHash: string): string {
    return this.toServer.get(clientHash.toLowerCase()) ?? clientHash;
  }
}
