// The worker thread that reads a photo's metadata and makes its clean copy (started by
// photo-worker.server.ts, built to build/photo.worker.js by `npm run build`): one job, one answer,
// then it exits. The file is the consumer's: a crafted one can make a reader loop, and only a
// thread can be stopped.
import { parentPort, workerData } from "node:worker_threads";
import { runPhotoJob, type PhotoJob } from "./photo.server";

parentPort!.postMessage(await runPhotoJob(workerData as PhotoJob));
