// `npm start` runs this: it keeps one server process (server.js) running under a 256 MB heap cap,
// starts it again when it dies, and waits longer each time it keeps dying young.
import cluster from "node:cluster";

// One worker: SQLite takes one writer at a time. More servers run as instances on PostgreSQL (docs/decisions/023).
const HEAP_MB = 256;
// A server that ran this long before dying is restarted at once; one that dies younger counts towards a crash loop.
const STABLE_MS = 30_000;
const MAX_WAIT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

cluster.setupPrimary({ exec: "server.js", execArgv: [...process.execArgv, `--max-old-space-size=${HEAP_MB}`] });

let stopping = false;
let restartTimer;
let youngDeaths = 0;

const log = (message) => console.log(`supervisor: ${message}`);

function startServer() {
  const started = Date.now();
  const worker = cluster.fork();
  log(`server started (pid ${worker.process.pid})`);
  worker.on("exit", (code, signal) => {
    if (stopping) return;
    const lived = Date.now() - started;
    youngDeaths = lived < STABLE_MS ? youngDeaths + 1 : 0;
    // The first death restarts at once; each further young death waits twice as long, up to 30 s.
    const wait = youngDeaths <= 1 ? 0 : Math.min(1000 * 2 ** (youngDeaths - 2), MAX_WAIT_MS);
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    const loop = youngDeaths > 1 ? `, ${youngDeaths} deaths in a row within ${STABLE_MS / 1000} s of starting` : "";
    log(`server (pid ${worker.process.pid}) ${how} after ${(lived / 1000).toFixed(1)} s${loop}; restarting ${wait ? `in ${wait / 1000} s` : "now"}`);
    restartTimer = setTimeout(startServer, wait);
  });
}

function stop(signal) {
  if (stopping) return;
  stopping = true;
  clearTimeout(restartTimer);
  const workers = Object.values(cluster.workers ?? {});
  log(`${signal}: stopping${workers.length ? " the server" : ""}`);
  if (!workers.length) process.exit(0);
  // The server finishes the requests it is answering; after the grace period it is killed.
  const force = setTimeout(() => workers.forEach((w) => w.process.kill("SIGKILL")), STOP_GRACE_MS);
  force.unref();
  cluster.on("exit", () => {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  workers.forEach((w) => w.process.kill("SIGTERM"));
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(signal));
startServer();
