// Getting data in: `seed:demo` (timed when the suite seeds a size) and `import:cfpb` of the real CFPB
// sample, the latter beside the same command on the file's header alone (start-up, same run).
import fs from "node:fs";
import path from "node:path";
import { npm, ROOT, type SeedRecord } from "../data";
import type { Figure, Measurement } from "../measurement";
import { median, round } from "../timing";

/**
 * The CFPB sample: $CFPB_SAMPLE, or ../shared/data/cfpb/ beside the checkout (or beside its worktree
 * folder); in a checkout without it, the tests' nine-row fixture, so the suite still runs end to end.
 */
export function cfpbSample(): string | null {
  const candidates = [
    process.env.CFPB_SAMPLE,
    ...["..", "../.."].map((up) => path.resolve(ROOT, up, "shared/data/cfpb/complaints_sample.csv")),
    path.resolve(ROOT, "test/fixtures/cfpb-sample.csv"),
  ];
  return candidates.find((file): file is string => !!file && fs.existsSync(file)) ?? null;
}

/** A million complaints in under ten minutes. */
const SEED_RATE = 1_000_000 / 600;

export function seedFigures(seed: SeedRecord | null): Figure[] {
  if (!seed)
    return [{ id: "data.seed.rate", label: "seed:demo: complaints/s", value: null, unit: "rows/s", note: "a directory given with --data: not seeded here" }];
  return [
    {
      id: "data.seed.rate",
      label: "seed:demo: complaints/s",
      value: round(seed.count / seed.seconds, 0),
      unit: "rows/s",
      target: `≥ ${Math.round(SEED_RATE)}/s (1,000,000 in < 10 min)`,
      meets: seed.count / seed.seconds >= SEED_RATE,
    },
    { id: "data.seed.seconds", label: "seed:demo: whole command", value: round(seed.wallSeconds), unit: "s" },
    {
      id: "data.seed.chain",
      label: "audit chain valid after seeding (audit:verify)",
      value: seed.chainOk ? 1 : 0,
      unit: "ok",
      target: "1",
      meets: seed.chainOk,
    },
  ];
}

async function timedImport(dir: string, file: string) {
  const started = performance.now();
  const run = await npm(["import:cfpb", "--", file], dir);
  const seconds = (performance.now() - started) / 1000;
  const count = (label: string) => Number(run.stdout.match(new RegExp(`${label}: (\\d+)`))?.[1] ?? NaN);
  return { seconds, code: run.code, read: count("rows read"), imported: count("imported"), output: (run.stdout + run.stderr).trim() };
}

export const importCfpb: Measurement = {
  area: "data",
  database: "empty",
  async run(context) {
    const sample = cfpbSample();
    if (!sample) return [{ id: "data.import.rate", label: "import:cfpb: rows/s", value: null, unit: "rows/s", note: "no CFPB sample (set CFPB_SAMPLE)" }];
    const lines = fs.readFileSync(sample, "utf8").split("\n");
    const header = path.join(fs.mkdtempSync(path.join(path.dirname(context.dataDir), "cw-bench-cfpb-")), "header-only.csv");
    // Up to the header line (the sample has stray lines before it), no row: the command's start-up.
    fs.writeFileSync(header, lines.slice(0, lines.findIndex((l) => l.includes("Date received")) + 1).join("\n") + "\n");
    // Empty folders: the command migrates them itself (`npm run setup` first), as on a new install.
    const [first, second] = [0, 1].map(() => fs.mkdtempSync(path.join(path.dirname(context.dataDir), "cw-bench-import-")));
    try {
      // Medians of three in the full suite: the command's start-up is seconds, the sample's rows may take one.
      const runs = context.quick ? 1 : 3;
      const startups: number[] = [];
      const fulls: Awaited<ReturnType<typeof timedImport>>[] = [];
      for (let i = 0; i < runs; i++) {
        context.progress(`import:cfpb: the header alone (start-up), ${i + 1}/${runs}`);
        startups.push((await timedImport(first, header)).seconds);
        context.progress(`import:cfpb: ${path.basename(sample)}, ${i + 1}/${runs}`);
        // Each run on a new database: the import skips rows it already has.
        fs.rmSync(second, { recursive: true, force: true });
        fs.mkdirSync(second);
        fulls.push(await timedImport(second, sample));
      }
      const full = fulls.at(-1)!;
      const startup = median(startups);
      const seconds = median(fulls.map((f) => f.seconds)) - startup;
      // Less than a tenth of a second above start-up is noise, not a rate.
      const measurable = full.code === 0 && seconds > 0.1;
      const rate = measurable ? round(full.read / seconds, 0) : null;
      const note =
        full.code !== 0
          ? full.output.split("\n").at(-1)
          : `${path.relative(ROOT, sample)}: ${full.read} rows read, ${full.imported} imported in ${seconds.toFixed(1)} s after start-up${measurable ? "" : ": within the start-up's noise"}`;
      return [
        {
          id: "data.import.rate",
          label: "import:cfpb of the CFPB sample: rows read/s",
          value: rate,
          unit: "rows/s",
          target: "≥ 5000 rows/s",
          meets: rate !== null && rate >= 5000 && full.imported > 0,
          note,
        },
        { id: "data.import.imported", label: "import:cfpb: debt-collection rows imported", value: full.code === 0 ? full.imported : null, unit: "count" },
        {
          id: "data.import.importedRate",
          label: "import:cfpb: rows imported/s",
          value: measurable ? round(full.imported / seconds, 0) : null,
          unit: "rows/s",
          ...(measurable ? {} : { note }),
        },
        { id: "data.import.startup", label: "import:cfpb: start-up (the header alone)", value: round(startup, 2), unit: "s" },
      ];
    } finally {
      for (const dir of [first, second, path.dirname(header)]) fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
