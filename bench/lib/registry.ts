// The measurements `npm run bench` runs, in this order on each database. An area's own bench script
// joins the suite by exporting a `Measurement` (bench/lib/measurement.ts) and replacing its entry here.
import type { Measurement } from "./measurement";
import { importCfpb } from "./measure/data";
import { exports } from "./measure/export";
import { fixedCost, floor } from "./measure/floor";
import { instances } from "./measure/instances";
import { load } from "./measure/load";
import { stats } from "./measure/stats";
import { triage } from "./measure/triage";

export const MEASUREMENTS: Measurement[] = [fixedCost, importCfpb, floor, triage, stats, exports, load, instances];
