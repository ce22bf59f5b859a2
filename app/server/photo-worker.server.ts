import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { UnreadableImage, type CleanCopy, type PhotoFacts, type PhotoJob, type PhotoJobResult } from "./photo.server";

/**
 * Runs photo work (photo.server.ts) in a worker thread with a time limit, one job at a time: exifr
 * loops for ever on some malformed files (a zero-sized ISO box in a HEIC, for one), and a loop in
 * the server's own thread would stop every request. A job that runs out of time is ended with its
 * thread, and the photo is taken as unreadable.
 */
// The built worker beside the server bundle; under tsx (`npm run setup`'s script) the one `npm run
// build` left in build/, or else the source, compiled by tsx in each thread (slower: seconds a photo).
const BUILT = [new URL("./photo.worker.js", import.meta.url), pathToFileURL(path.resolve("build/photo.worker.js"))].find((url) => fs.existsSync(url));
const SOURCE = new URL("./photo.worker.ts", import.meta.url);
const startWorker = (job: PhotoJob) =>
  BUILT
    ? new Worker(BUILT, { workerData: job, resourceLimits: WORKER_LIMITS })
    : new Worker(`import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(SOURCE.href)}); });`, {
        eval: true,
        workerData: job,
        resourceLimits: WORKER_LIMITS,
      });
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };
// PHOTO_TIMEOUT_MS only so that a test need not wait the full limit for a file that loops.
const WORKER_TIMEOUT_MS = Number(process.env.PHOTO_TIMEOUT_MS) || 30_000;
let queue: Promise<unknown> = Promise.resolve();

function runInWorker(job: PhotoJob): Promise<PhotoJobResult | null> {
  const run = () =>
    new Promise<PhotoJobResult | null>((resolve, reject) => {
      const worker = startWorker(job);
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const timer = setTimeout(() => settle(() => void worker.terminate().then(() => resolve(null))), WORKER_TIMEOUT_MS);
      worker.once("message", (result: PhotoJobResult) => settle(() => resolve(result)));
      worker.once("error", (error: NodeJS.ErrnoException) => settle(() => (error.code === "ERR_WORKER_OUT_OF_MEMORY" ? resolve(null) : reject(error))));
      worker.once("exit", (code) => settle(() => reject(new Error(`the photo worker exited with code ${code} before answering`))));
    });
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/**
 * An image's facts and its clean copy, written to `to` (null: a format the library cannot decode).
 * UnreadableImage when the file cannot be read as the image it claims to be, or not in time; then
 * nothing is left at `to`.
 */
export async function preparePhotoInWorker(file: string, mime: string, to: string): Promise<{ facts: PhotoFacts; clean: CleanCopy | null }> {
  const result = await runInWorker({ op: "prepare", file, mime, to }).catch(async (error: unknown) => {
    await fsp.rm(to, { force: true });
    throw error;
  });
  if (result?.op === "prepare" && result.ok) return { facts: result.facts, clean: result.clean };
  await fsp.rm(to, { force: true });
  throw new UnreadableImage(result?.op === "prepare" && !result.ok ? result.reason : "not read in time");
}

/** The positions the photos' EXIF records, in order (null: none, or not read in time). */
export async function positionsInWorker(files: string[]): Promise<({ latitude: number; longitude: number } | null)[]> {
  if (!files.length) return [];
  const result = await runInWorker({ op: "positions", files }).catch(() => null);
  return result?.op === "positions" ? result.positions : files.map(() => null);
}
