// A worker thread of seed:demo (costly-parts-pool.ts): does the costly parts of the batches it is sent.
import { parentPort } from "node:worker_threads";
import { costlyParts, type CostlyInput } from "./demo-costly-parts";

parentPort!.on("message", (inputs: CostlyInput[]) => parentPort!.postMessage(costlyParts(inputs)));
