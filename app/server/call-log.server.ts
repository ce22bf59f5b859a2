import { analyseCalls, type Findings } from "~/domain/call-log/analyse";
import { parseCallLog } from "~/domain/call-log/parse";
import { readStagedText, type VettedFile } from "./evidence.server";

export type CallLogAnalysis = Findings & { problems: { line: number; reason: string }[] };

/**
 * Reads the filing's call log against the collection rules (China's pack by default).
 * A file that is not a call log is an error for the form; unreadable rows are kept as problems.
 */
export async function analyseCallLog(
  file: VettedFile,
  options: { incidentYear: number; collectorNumbers: string[] },
): Promise<{ ok: true; analysis: CallLogAnalysis } | { ok: false; error: string }> {
  const text = await readStagedText(file);
  const parsed = text === null ? ({ notACallLog: true } as const) : parseCallLog(text, { incidentYear: options.incidentYear });
  if ("notACallLog" in parsed) return { ok: false, error: `error.file.notCallLog|${file.name}` };
  const findings = analyseCalls(parsed.calls, { collectorNumbers: options.collectorNumbers });
  return { ok: true, analysis: { ...findings, problems: parsed.problems.slice(0, 50) } };
}

export function readAnalysis(json: string | null): CallLogAnalysis | null {
  return json ? (JSON.parse(json) as CallLogAnalysis) : null;
}
