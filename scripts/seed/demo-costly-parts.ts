// The parts of a demo complaint that cost CPU: the narrative as exports publish it (redacted),
// the contact details sealed, and the call log: its file written to evidence/ and read against
// the rules as a filing's is. Free of the database, so a worker thread can run them.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { analyseCalls } from "~/domain/call-log/analyse";
import { defaultPackFor } from "~/domain/call-log/rules";
import { callLogCsv, makeSyntheticCalls } from "~/domain/call-log/synthetic";
import { publicNarrative, type NarrativeSource } from "~/domain/stats/public-narrative";
import { sealContact } from "~/server/contact-seal.server";
import { evidenceDir } from "~/server/paths.server";
import type { CallLogSpec } from "./demo-complaints";

export type CostlyInput = { narrativeSource: NarrativeSource; callLog: CallLogSpec | null };

export type StoredLog = { sha256: string; size: number; findings: string };

export type CostlyOutput = { publicNarrative: string | null; sealed: ReturnType<typeof sealContact>; callLog: StoredLog | null };

/** A synthetic call log for the incident, written to evidence/ (named by its SHA-256) as a filed one would be. */
function storeCallLog(spec: CallLogSpec, dir: string): StoredLog {
  const calls = makeSyntheticCalls(spec.calls, spec.seed, { start: new Date(`${spec.incidentStart}T00:00:00+08:00`) });
  const bytes = Buffer.from(callLogCsv(calls), "utf8");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const target = path.join(dir, sha256);
  if (!fs.existsSync(target)) fs.writeFileSync(target, bytes);
  const findings = { ...analyseCalls(calls, { pack: defaultPackFor(spec.kind), collectorNumbers: spec.collectors }), problems: [], files: 1, duplicates: 0 };
  return { sha256, size: bytes.length, findings: JSON.stringify(findings) };
}

export function costlyParts(inputs: CostlyInput[]): CostlyOutput[] {
  const dir = evidenceDir();
  return inputs.map((input) => ({
    publicNarrative: publicNarrative(input.narrativeSource),
    sealed: sealContact(input.narrativeSource),
    callLog: input.callLog && storeCallLog(input.callLog, dir),
  }));
}
