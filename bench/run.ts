import { execSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { LoadResult } from "./load";
import type { RunningProcess } from "./processes";

/**
 * `npm run bench`: gateway throughput and latency against references measured in the same run, on
 * this machine. Not a test: it prints a table and writes bench/results/<time>.json.
 * BENCH_DURATION (seconds per measurement, default 10), BENCH_CONNECTIONS (default 50), BENCH_ROUNDS (default 5),
 * BENCH_RSS_REQUESTS (default 1,000,000), BENCH_REDIS_URL (default redis://127.0.0.1:6379) and
 * BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres, for mount b).
 */
const root = path.resolve(__dirname, "..");
const durationSeconds = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Requests sent to watch the product's memory (BENCH_RSS_REQUESTS; 0 leaves it out). */
const rssRequests = Number(process.env.BENCH_RSS_REQUESTS ?? 1_000_000);
/**
 * How many times the reference (b) and each gateway variant it is compared with are measured, in
 * turns (BENCH_ROUNDS): on a shared 2-core machine one 10-second run of each swings by a tenth or
 * more (other guests' steal time comes and goes), so ratios are the median of the rounds'.
 */
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
/** The Redis for the Redis-limiter variant (left out when none answers there). */
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
/** A Postgres server for the standalone gateway (mount b); the bench makes its own database there. */
const postgresUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PORT = 3390;
const GATEWAY_PORT = 8390;
const publicUrl = `http://localhost:${PORT}`;
// The seed mints tokens in this process: issuer and signing secret must match the product's.
process.env.PUBLIC_URL = publicUrl;
process.env.SECRET_KEY ??= "bench-secret-key-bench-secret-key-0123456789";

async function main() {
  const [{ load }, { seedBenchData }, { startBenchServer, startProduct, startStandaloneGateway, freshPostgresDatabase }, { ensureProductionBuild }] = await Promise.all([
    import("./load"),
    import("./seed"),
    import("./processes"),
    import("../server/build"),
  ]);
  ensureProductionBuild(root);
  const backends = {
    "1k": await startBenchServer(root, "backend", "1024"),
    "10k": await startBenchServer(root, "backend", String(10 * 1024)),
    "100k": await startBenchServer(root, "backend", String(100 * 1024)),
  };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "portcullis-bench-"));
  console.log("Seeding…");
  const seed = await seedBenchData({ driver: "pglite", dataDir: path.join(dataDir, "pglite") }, Object.fromEntries(Object.entries(backends).map(([k, b]) => [k, b.url])), 1000);
  const auth = { authorization: `Bearer ${seed.tokens[0]}` };
  // A copy of the fresh seed for the Redis-limiter run, so it does not start behind the first run's
  // usage events (their roll-up runs on the product's thread, as PGlite does).
  const redisDataDir = `${dataDir}-redis`;
  cpSync(dataDir, redisDataDir, { recursive: true });
  // The bench backends are on loopback (private endpoints are off by default on Postgres). GATEWAY_STATUS_PORT off: the standalone gateway below listens on GATEWAY_PORT + 1 (the metrics are counted all the same).
  const productEnv = { DATA_DIR: dataDir, PORT: String(PORT), GATEWAY_PORT: String(GATEWAY_PORT), GATEWAY_STATUS_PORT: "0", HOST: "127.0.0.1", PUBLIC_URL: publicUrl, SECRET_KEY: process.env.SECRET_KEY!, ALLOW_PRIVATE_ENDPOINTS: "true" };
  const gateway = `http://127.0.0.1:${GATEWAY_PORT}`;
  const gatewayUrl = (size: keyof typeof backends) => `${gateway}${seed.contexts[size]}`;

  console.log("Starting the product (cold start)…");
  let product = startProduct(root, productEnv);
  const coldStartMs = await firstProxiedCall(product, gatewayUrl("1k"), auth);
  await product.ready;
  const bare = await startBenchServer(root, "bare-proxy", backends["1k"].url);
  const common = { durationSeconds, connections };
  const results = [];
  try {
    // Warm-up, so JIT and pools are hot for every variant alike.
    await load("warm-up", { ...common, durationSeconds: 3, url: gatewayUrl("1k"), headers: auth });
    await load("warm-up", { ...common, durationSeconds: 3, url: `${bare.url}/data` });
    const direct = await load("(a) backend direct", { ...common, url: `${backends["1k"].url}/data` });
    const bareLoad = (name: string, overallRate?: number) => () => load(name, { ...common, url: `${bare.url}/data`, overallRate });
    const listenerLoad = (name: string, overallRate?: number) => () => load(name, { ...common, url: gatewayUrl("1k"), headers: auth, overallRate });
    const atMax = await inTurns(bareLoad("(b) bare undici proxy"), listenerLoad("(c) gateway listener"));
    const reference = atMax.reference;
    results.push(direct, reference, atMax.subject);
    if (hasNginx()) results.push(await load("(e) nginx proxy_pass", { ...common, url: await startNginx(backends["1k"].url) }));
    const halfRate = Math.round(reference.requestsPerSecond / 2);
    const atHalf = await inTurns(bareLoad("(b) at half of (b)'s max rate", halfRate), listenerLoad("(c) at half of (b)'s max rate", halfRate), "p99");
    results.push(atHalf.reference, atHalf.subject);
    results.push(await load("(c) 10 KiB payload", { ...common, url: gatewayUrl("10k"), headers: auth }));
    results.push(await load("(c) 100 KiB payload", { ...common, url: gatewayUrl("100k"), headers: auth }));
    results.push(
      await load("(c) 1,000 distinct tokens", {
        ...common,
        url: gatewayUrl("1k"),
        headerSets: seed.tokens.map((token) => ({ authorization: `Bearer ${token}` })),
      }),
    );

    // (d) after the listener's variants: Next rendering 50 connections' worth of /gw calls leaves the
    // product's main thread busy for a while (collecting what those renders left), which took CPU
    // from whatever was measured next on two cores.
    const next = await load("(d) gateway via Next /gw", { ...common, url: `http://127.0.0.1:${PORT}/gw${seed.contexts["1k"]}`, headers: auth });
    results.push(next);

    // Memory as requests add up: the product's RSS (portals, PGlite and gateway in one process).
    const memory = { embedded: await memoryUnderLoad(product, gatewayUrl("1k"), auth), standalone: null as MemorySample[] | null };

    // The same listener with the limiter in Redis instead of memory, on the copy of the fresh seed.
    let redis: Awaited<ReturnType<typeof load>> | null = null;
    if (await reachable(redisUrl)) {
      await product.stop();
      product = startProduct(root, { ...productEnv, DATA_DIR: redisDataDir, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `portcullis-bench-${process.pid}` });
      await product.ready;
      await load("warm-up", { ...common, durationSeconds: 3, url: gatewayUrl("1k"), headers: auth });
      redis = await load("(c) gateway listener, Redis limiter", { ...common, url: gatewayUrl("1k"), headers: auth });
      results.push(redis);
    } else {
      console.log(`No Redis at ${redisUrl}: the Redis limiter variant is left out (set BENCH_REDIS_URL).`);
    }

    // Mount (b): a standalone gateway process on Postgres, the only process that is the gateway alone.
    let standalone: Turns | null = null;
    let standaloneAtHalf: Turns | null = null;
    let standaloneColdStartMs: number | null = null;
    if (await reachable(postgresUrl)) {
      const databaseUrl = await freshPostgresDatabase(postgresUrl, "portcullis_bench_gateway");
      const pgSeed = await seedBenchData({ driver: "pg", url: databaseUrl }, { "1k": backends["1k"].url }, 1);
      const pgAuth = { authorization: `Bearer ${pgSeed.tokens[0]}` };
      const url = `http://127.0.0.1:${GATEWAY_PORT + 1}${pgSeed.contexts["1k"]}`;
      const gatewayProcess = startStandaloneGateway(root, { ...productEnv, DATABASE_URL: databaseUrl, GATEWAY_PORT: String(GATEWAY_PORT + 1) });
      try {
        standaloneColdStartMs = Math.round(await firstProxiedCall(gatewayProcess, url, pgAuth));
        await load("warm-up", { ...common, durationSeconds: 3, url, headers: pgAuth });
        const standaloneLoad = (name: string, overallRate?: number) => () => load(name, { ...common, url, headers: pgAuth, overallRate });
        standalone = await inTurns(bareLoad("(b) bare undici proxy, beside the standalone gateway"), standaloneLoad("(c) standalone gateway (mount b, Postgres)"));
        standaloneAtHalf = await inTurns(bareLoad("(b) at half rate, beside the standalone gateway", halfRate), standaloneLoad("(c) standalone at half of (b)'s max rate", halfRate), "p99");
        results.push(standalone.subject, standaloneAtHalf.reference, standaloneAtHalf.subject);
        memory.standalone = await memoryUnderLoad(gatewayProcess, url, pgAuth);
      } finally {
        await gatewayProcess.stop();
      }
    } else {
      console.log(`No Postgres at ${postgresUrl}: the standalone gateway (mount b) is left out (set BENCH_POSTGRES_URL).`);
    }

    const summary = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      durationSeconds,
      connections,
      coldStartMs: Math.round(coldStartMs),
      standaloneColdStartMs,
      memory,
      rounds,
      ratios: {
        listenerToBareProxy: atMax.ratio,
        nextToBareProxy: round(next.requestsPerSecond / reference.requestsPerSecond),
        redisListenerToBareProxy: redis ? round(redis.requestsPerSecond / reference.requestsPerSecond) : null,
        standaloneToBareProxy: standalone?.ratio ?? null,
        addedP99AtHalfRateMs: atHalf.addedP99Ms,
        standaloneAddedP99AtHalfRateMs: standaloneAtHalf?.addedP99Ms ?? null,
      },
      turns: { atMax: atMax.rounds, atHalf: atHalf.rounds, standalone: standalone?.rounds ?? null, standaloneAtHalf: standaloneAtHalf?.rounds ?? null },
      results,
    };
    console.table(
      results.map((r) => ({ variant: r.name, "req/s": r.requestsPerSecond, p50: r.latencyMs.p50, p99: r.latencyMs.p99, "p99.9": r.latencyMs.p999, errors: r.errors, non2xx: r.non2xx, "steal %": r.stealPercent })),
    );
    console.table(
      memory.embedded.map((m, i) => ({ requests: m.requests.toLocaleString("en"), "embedded product RSS MB": m.rssMb, "standalone gateway RSS MB": memory.standalone?.[i]?.rssMb ?? "-" })),
    );
    console.log(JSON.stringify({ coldStartMs: summary.coldStartMs, standaloneColdStartMs, ...summary.ratios }, null, 2));
    mkdirSync(path.join(root, "bench/results"), { recursive: true });
    const file = path.join(root, "bench/results", `${summary.at.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, JSON.stringify(summary, null, 2));
    console.log(`Written to ${path.relative(root, file)}`);
  } finally {
    await product.stop();
    await bare.stop();
    await Promise.all(Object.values(backends).map((b) => b.stop()));
  }
}

type MemorySample = { requests: number; rssMb: number };

type Round = { referenceRps: number; subjectRps: number; ratio: number; referenceP99Ms: number; subjectP99Ms: number; addedP99Ms: number; stealPercent: number | null };
type Turns = { reference: LoadResult; subject: LoadResult; ratio: number; addedP99Ms: number; rounds: Round[] };

/**
 * The reference and a subject measured in turns, `rounds` times: the ratio and the added p99 are the
 * medians of the rounds' (each round's two runs minutes apart at most), and the results shown are
 * the rounds' median runs: by req/s, or by p99 where every round ran at the same set rate.
 */
async function inTurns(reference: () => Promise<LoadResult>, subject: () => Promise<LoadResult>, medianBy: "rps" | "p99" = "rps"): Promise<Turns> {
  const pairs: { reference: LoadResult; subject: LoadResult }[] = [];
  for (let i = 0; i < rounds; i++) pairs.push({ reference: await reference(), subject: await subject() });
  const list = pairs.map(({ reference: r, subject: s }) => ({
    referenceRps: r.requestsPerSecond,
    subjectRps: s.requestsPerSecond,
    ratio: round(s.requestsPerSecond / r.requestsPerSecond),
    referenceP99Ms: r.latencyMs.p99,
    subjectP99Ms: s.latencyMs.p99,
    addedP99Ms: round(s.latencyMs.p99 - r.latencyMs.p99),
    stealPercent: r.stealPercent === null || s.stealPercent === null ? null : Math.max(r.stealPercent, s.stealPercent),
  }));
  const measure = (result: LoadResult) => (medianBy === "rps" ? result.requestsPerSecond : result.latencyMs.p99);
  const medianRun = (key: "reference" | "subject") => pairs.map((p) => p[key]).sort((a, b) => measure(a) - measure(b))[Math.floor(pairs.length / 2)];
  return {
    reference: medianRun("reference"),
    subject: medianRun("subject"),
    ratio: median(list.map((r) => r.ratio)),
    addedP99Ms: median(list.map((r) => r.addedP99Ms)),
    rounds: list,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : round((sorted[middle - 1] + sorted[middle]) / 2);
}

/** RSS after each quarter of BENCH_RSS_REQUESTS sent to `url`: flat once warm, if nothing leaks. */
async function memoryUnderLoad(target: RunningProcess, url: string, headers: Record<string, string>): Promise<MemorySample[]> {
  const { load } = await import("./load");
  const samples = [{ requests: 0, rssMb: Math.round(target.rssMb()) }];
  const step = Math.ceil(rssRequests / 4);
  for (let sent = 0; sent < rssRequests; sent += step) {
    console.log(`Memory: ${sent.toLocaleString("en")} of ${rssRequests.toLocaleString("en")} requests sent…`);
    await load("memory", { durationSeconds, connections, amount: step, url, headers });
    samples.push({ requests: sent + step, rssMb: Math.round(target.rssMb()) });
  }
  return samples;
}

/** Cold start: from spawning the process to the first 200 through the gateway, polled every 20 ms. */
async function firstProxiedCall(product: RunningProcess, url: string, headers: Record<string, string>): Promise<number> {
  let exited: unknown = null;
  product.ready.catch((error: unknown) => (exited = error));
  for (;;) {
    if (exited) throw exited;
    const response = await fetch(url, { headers }).catch(() => null);
    await response?.body?.cancel();
    if (response?.status === 200) return performance.now() - product.startedAt;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether a server answers at this URL's host and port (a TCP connect, no command). */
function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || (url.startsWith("redis") ? 6379 : 5432)), timeout: 1000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function hasNginx(): boolean {
  try {
    execSync("command -v nginx", { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Reference (e), when nginx is installed: a minimal proxy_pass with upstream keep-alive. */
async function startNginx(target: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portcullis-nginx-"));
  const port = 8391;
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `worker_processes auto; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 4096; }
http { access_log off; upstream backend { server ${new URL(target).host}; keepalive 256; }
  server { listen 127.0.0.1:${port}; location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; } } }`,
  );
  execSync(`nginx -c ${dir}/nginx.conf -p ${dir}`);
  process.on("exit", () => execSync(`nginx -c ${dir}/nginx.conf -p ${dir} -s stop`));
  return `http://127.0.0.1:${port}/data`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
