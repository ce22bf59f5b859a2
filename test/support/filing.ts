import fs from "node:fs";
import path from "node:path";

export const fixture = (name: string) => path.resolve("test/fixtures", name);

export function fixtureFile(name: string, as = name, type = "application/octet-stream"): File {
  return new File([fs.readFileSync(fixture(name))], as, { type });
}

/** A complete, valid filing; tests change or drop fields from it. */
export function validFiling(overrides: Record<string, string | string[] | null> = {}): Record<string, string | string[]> {
  const base: Record<string, string | string[] | null> = {
    institution: "招商银行",
    agency: "某某资产管理有限公司",
    product: "credit_card",
    categories: ["harassment.inconvenient_hours", "third_party.family"],
    collectorPhones: "138 0013 8000\n+86 21 6123 4567\n95555",
    incidentStart: "2026-10-01",
    incidentEnd: "2026-10-20",
    narrative: "催收员每天晚上十一点打电话，还打给我母亲，说要去她单位闹。",
    desiredResolution: "停止骚扰我的家人。",
    priorComplaint: "no",
    consumerName: "王小明",
    consumerPhone: "13912345678",
    consumerEmail: "xiaoming@example.cn",
    region: "310000",
    consent: "on",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== null)) as Record<string, string | string[]>;
}

export function filingForm(csrf: string, fields: Record<string, string | string[]>, files: { field: string; file: File }[] = []): FormData {
  const form = new FormData();
  form.append("csrf", csrf);
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
  for (const { field, file } of files) form.append(field, file);
  return form;
}

/** Files under dir, at any depth (uploads/ holds one folder per server process), as paths relative to it. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((name) => fs.statSync(path.join(dir, name)).isFile());
}
