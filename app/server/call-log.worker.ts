// The worker thread that reads call logs for the web server (started by call-log.server.ts,
// built to build/call-log.worker.js by `npm run build`): one job, one answer, then it exits.
import { parentPort, workerData } from "node:worker_threads";
import { runCallLogJob, type CallLogJob } from "./call-log-reader.server";

parentPort!.postMessage(await runCallLogJob(workerData as CallLogJob));
