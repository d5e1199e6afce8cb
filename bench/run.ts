import { execSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * `npm run bench`: gateway throughput and latency against references measured in the same run, on
 * this machine. Not a test: it prints a table and writes bench/results/<time>.json.
 * BENCH_DURATION (seconds per measurement, default 10) and BENCH_CONNECTIONS (default 50).
 */
const root = path.resolve(__dirname, "..");
const durationSeconds = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PORT = 3390;
const GATEWAY_PORT = 8390;
const publicUrl = `http://localhost:${PORT}`;
// The seed mints tokens in this process: issuer and signing secret must match the product's.
process.env.PUBLIC_URL = publicUrl;
process.env.SECRET_KEY ??= "bench-secret-key-bench-secret-key-0123456789";

async function main() {
  const [{ startBenchBackend }, { startBareProxy }, { load }, { seedBenchData }, { startProduct }, { ensureProductionBuild }] = await Promise.all([
    import("./backend"),
    import("./bare-proxy"),
    import("./load"),
    import("./seed"),
    import("./product"),
    import("../server/build"),
  ]);
  ensureProductionBuild(root);
  const backends = { "1k": await startBenchBackend(1024), "10k": await startBenchBackend(10 * 1024), "100k": await startBenchBackend(100 * 1024) };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "portcullis-bench-"));
  console.log("Seeding…");
  const seed = await seedBenchData(path.join(dataDir, "pglite"), Object.fromEntries(Object.entries(backends).map(([k, b]) => [k, b.url])), 1000);
  const auth = { authorization: `Bearer ${seed.tokens[0]}` };

  console.log("Starting the product (cold start)…");
  const product = await startProduct(root, { DATA_DIR: dataDir, PORT: String(PORT), GATEWAY_PORT: String(GATEWAY_PORT), HOST: "127.0.0.1", PUBLIC_URL: publicUrl, SECRET_KEY: process.env.SECRET_KEY! });
  const gateway = `http://127.0.0.1:${GATEWAY_PORT}`;
  let coldStartMs = 0;
  for (;;) {
    const response = await fetch(`${gateway}${seed.contexts["1k"]}`, { headers: auth }).catch(() => null);
    if (response?.status === 200) {
      coldStartMs = performance.now() - product.startedAt;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const bare = await startBareProxy(backends["1k"].url);
  const common = { durationSeconds, connections };
  const results = [];
  try {
    // Warm-up, so JIT and pools are hot for every variant alike.
    await load("warm-up", { ...common, durationSeconds: 3, url: `${gateway}${seed.contexts["1k"]}`, headers: auth });
    const direct = await load("(a) backend direct", { ...common, url: `${backends["1k"].url}/data` });
    const reference = await load("(b) bare undici proxy", { ...common, url: `${bare.url}/data` });
    const listener = await load("(c) gateway listener", { ...common, url: `${gateway}${seed.contexts["1k"]}`, headers: auth });
    const next = await load("(d) gateway via Next /gw", { ...common, url: `http://127.0.0.1:${PORT}/gw${seed.contexts["1k"]}`, headers: auth });
    results.push(direct, reference, listener, next);
    if (hasNginx()) results.push(await load("(e) nginx proxy_pass", { ...common, url: await startNginx(backends["1k"].url) }));
    const halfRate = Math.round(reference.requestsPerSecond / 2);
    const referenceAtHalf = await load("(b) at half of (b)'s max rate", { ...common, url: `${bare.url}/data`, overallRate: halfRate });
    const listenerAtHalf = await load("(c) at half of (b)'s max rate", { ...common, url: `${gateway}${seed.contexts["1k"]}`, headers: auth, overallRate: halfRate });
    results.push(referenceAtHalf, listenerAtHalf);
    results.push(await load("(c) 10 KiB payload", { ...common, url: `${gateway}${seed.contexts["10k"]}`, headers: auth }));
    results.push(await load("(c) 100 KiB payload", { ...common, url: `${gateway}${seed.contexts["100k"]}`, headers: auth }));
    results.push(
      await load("(c) 1,000 distinct tokens", {
        ...common,
        url: `${gateway}${seed.contexts["1k"]}`,
        headerSets: seed.tokens.map((token) => ({ authorization: `Bearer ${token}` })),
      }),
    );
    const summary = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      durationSeconds,
      connections,
      coldStartMs: Math.round(coldStartMs),
      productRssMb: Math.round(product.rssMb()),
      ratios: {
        listenerToBareProxy: round(listener.requestsPerSecond / reference.requestsPerSecond),
        nextToBareProxy: round(next.requestsPerSecond / reference.requestsPerSecond),
        addedP99AtHalfRateMs: round(listenerAtHalf.latencyMs.p99 - referenceAtHalf.latencyMs.p99),
      },
      results,
    };
    console.table(results.map((r) => ({ variant: r.name, "req/s": r.requestsPerSecond, p50: r.latencyMs.p50, p99: r.latencyMs.p99, "p99.9": r.latencyMs.p999, errors: r.errors, non2xx: r.non2xx })));
    console.log(JSON.stringify({ coldStartMs: summary.coldStartMs, productRssMb: summary.productRssMb, ...summary.ratios }, null, 2));
    mkdirSync(path.join(root, "bench/results"), { recursive: true });
    const file = path.join(root, "bench/results", `${summary.at.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, JSON.stringify(summary, null, 2));
    console.log(`Written to ${path.relative(root, file)}`);
  } finally {
    await product.stop();
    await bare.close();
    await Promise.all(Object.values(backends).map((b) => b.close()));
  }
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
