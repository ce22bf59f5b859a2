// Worker threads for seed:demo's costly parts (demo-costly-parts.ts), so the main thread can
// write one batch while they prepare the next: a batch is split between them in order, and
// the answers joined in the same order, so the result does not depend on the threads.
import { Worker } from "node:worker_threads";
import type { CostlyInput, CostlyOutput } from "./demo-costly-parts";

// tsx does not load TypeScript in worker threads by itself: the worker imports the file through tsx's API.
function startWorker(): Worker {
  const file = new URL("./costly-parts-worker.ts", import.meta.url).href;
  const code = `import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(file)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true });
}

function ask(worker: Worker, inputs: CostlyInput[]): Promise<CostlyOutput[]> {
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void) => {
      worker.off("message", onMessage).off("error", onError);
      outcome();
    };
    const onMessage = (outputs: CostlyOutput[]) => settle(() => resolve(outputs));
    const onError = (error: Error) => settle(() => reject(error));
    worker.on("message", onMessage).on("error", onError);
    worker.postMessage(inputs);
  });
}

export function costlyPartsPool(threads: number) {
  const workers = Array.from({ length: threads }, startWorker);
  return {
    async run(inputs: CostlyInput[]): Promise<CostlyOutput[]> {
      const share = Math.ceil(inputs.length / workers.length);
      const parts = await Promise.all(workers.map((worker, i) => ask(worker, inputs.slice(i * share, (i + 1) * share))));
      return parts.flat();
    },
    close: () => Promise.all(workers.map((worker) => worker.terminate())),
  };
}
