import http from "node:http";

/**
 * The project's own fuzzer: seeded, so a run is reproducible from its seed. For each
 * form and query string of the public contract it sends mutated requests (field
 * values, body encodings, headers) to a server on 127.0.0.1 and counts the answers
 * that must never happen: a 5xx, or a connection reset (or an answer cut short).
 * Used by `npm run fuzz` (scripts/fuzz.ts, 1,000 a form) and by test/fuzz.test.ts (a slice in `npm test`).
 */

/** mulberry32: a small seeded generator; the same seed gives the same requests. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Rng = ReturnType<typeof rng>;

/** What the fuzzer knows of the server: sessions made by a normal run-through before it starts. */
export type FuzzContext = {
  base: string;
  /** The consumer's cookies (CSRF and the tracking session for `code`) and their CSRF token. */
  consumer: { cookie: string; csrf: string };
  /** A signed-in regulator's cookies and CSRF token, and the credentials they signed in with. */
  reviewer: { cookie: string; csrf: string; email: string; password: string };
  /** A filed complaint the consumer may see, its access key and the reviewer page's version. */
  code: string;
  key: string;
  version: string;
};

type Value = string | Buffer;
type Fields = [string, Value][];
type FileField = { field: string; name: Value; type: string; body: Buffer };

/** One request to send. */
export type FuzzRequest = { method: "GET" | "POST"; path: string; headers: Record<string, string>; body?: Buffer };

const CATEGORIES = ["harassment.repeated_calls", "third_party.family", "privacy.publication", "other"];
// A whole 1×1 PNG (made by sharp): evidence photos are decoded to strip their metadata, so a damaged one is refused.
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489" +
    "0000000970485973000003e8000003e801b57b526b" +
    "0000000d49444154089963f8cfc0f01f00050001ffabce3689" +
    "0000000049454e44ae426082",
  "hex",
);

/** Field values that have broken servers: long, empty, odd Unicode, control characters, halves of emoji, wrong types. */
function mutateValue(r: Rng, original: Value): Value {
  const text = typeof original === "string" ? original : original.toString("latin1");
  switch (r.int(22)) {
    case 0:
      return "";
    case 1:
      return "a".repeat(r.pick([101, 2001, 10_001, 70_000]));
    case 2:
      return "长".repeat(r.pick([100, 2001, 12_000, 25_000]));
    case 3:
      return `${text}\u0000${text}`;
    case 4:
      return Array.from({ length: 20 }, () => String.fromCharCode(r.int(32))).join("");
    case 5:
      return Buffer.concat([Buffer.from(text), Buffer.from([0xf0, 0x9f])]); // an emoji cut after two bytes
    case 6:
      return Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x82]); // not UTF-8 at all
    case 7:
      return "\uD83D"; // half a surrogate pair (sent as U+FFFD)
    case 8:
      return "😀".repeat(r.int(300));
    case 9:
      return r.pick(["-1", "0", "1e999", "NaN", "Infinity", "9007199254740993", "99999999999999999999", "0x10", "1.5", " 3 "]);
    case 10:
      return r.pick(["true", "false", "null", "undefined", "[]", "{}", "__proto__", "constructor", "toString"]);
    case 11:
      return r.pick(["'; DROP TABLE Complaint; --", '" OR 1=1 --', "%", "_", "\\", "$1", "{{x}}", "${x}"]);
    case 12:
      return r.pick(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "../../etc/passwd", "C:\\Windows\\win.ini"]);
    case 13:
      return r.pick(["\u202e\u0644\u0627", "e\u0301\u0301\u0301", "\ufeff", "\u200b\u200d", "𠜎𠜱𠝹", "ﷺ", "\u2028\u2029"]);
    case 14:
      return text.toUpperCase() + text.toLowerCase();
    case 15:
      return ` \t${text}\r\n `;
    case 16:
      return text.slice(0, r.int(text.length + 1));
    case 17:
      return r.pick(["2026-02-30", "1900-01-01", "0000-00-00", "9999-12-31", "2026-13-01", "2026/10/01", "275760-09-13", "2026-10-01T00:00"]);
    case 18:
      return r.pick(["CW-2026-000001", "CW-9999-999999", "cw-2026-1", "CW-2026-00000١", "-".repeat(40)]);
    case 19:
      return r.pick(["13800138000", "+86 138 0013 8000", "95555", "1".repeat(40), "+", "(((", "0086-0-0"]);
    case 20:
      return `${text}\r\n--boundary\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nx`;
    default:
      return r.pick(["%zz", "%F0%9F", "%00", "a=b&c", "&&&", "==="]);
  }
}

/** Mutates a form's fields: values, names, repeats and omissions. */
function mutateFields(r: Rng, fields: Fields): Fields {
  let out: Fields = fields.map(([k, v]) => [k, v]);
  const times = 1 + r.int(3);
  for (let i = 0; i < times; i++) {
    if (!out.length) break;
    const at = r.int(out.length);
    switch (r.int(8)) {
      case 0:
      case 1:
      case 2:
        out[at] = [out[at][0], mutateValue(r, out[at][1])];
        break;
      case 3:
        out.splice(at, 1); // a missing field
        break;
      case 4:
        out.push([out[at][0], r.chance(0.5) ? out[at][1] : mutateValue(r, out[at][1])]); // a repeated field
        break;
      case 5:
        out[at] = [r.pick(["", "a".repeat(200), "csrf[]", "intent ", "名字", "\u0000", out[at][0].toUpperCase()]), out[at][1]];
        break;
      case 6:
        for (let n = r.pick([5, 50, 150]); n > 0; n--) out.push([`x${n}`, "1"]);
        break;
      default:
        out = r.chance(0.5) ? out.reverse() : out;
    }
  }
  return out;
}

const BOUNDARY = "----cwfuzz7MA4YWxkTrZu0gW";

function urlencoded(fields: Fields): Buffer {
  const parts = fields.map(([k, v]) => {
    const value =
      typeof v === "string" ? encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, "\uFFFD")) : [...v].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
    return `${encodeURIComponent(k.replace(/[\uD800-\uDFFF]/g, "\uFFFD"))}=${value}`;
  });
  return Buffer.from(parts.join("&"));
}

function multipart(fields: Fields, files: FileField[], boundary = BOUNDARY, extraHeaders = ""): Buffer {
  const chunks: Buffer[] = [];
  const header = (h: string | Buffer) => (typeof h === "string" ? Buffer.from(h) : h);
  for (const [name, value] of fields) {
    chunks.push(header(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${extraHeaders}\r\n\r\n`), header(value), Buffer.from("\r\n"));
  }
  for (const file of files) {
    const name = typeof file.name === "string" ? Buffer.from(file.name) : file.name;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="`),
      name,
      Buffer.from(`"\r\nContent-Type: ${file.type}\r\n\r\n`),
      file.body,
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** File parts with odd names, types and contents. */
function mutateFiles(r: Rng, files: FileField[]): FileField[] {
  const out = files.map((f) => ({ ...f }));
  for (const f of out) {
    switch (r.int(10)) {
      case 0:
        f.name = Buffer.concat([Buffer.from("截图"), Buffer.from([0xf0, 0x9f]), Buffer.from(".png")]);
        break;
      case 1:
        f.name = `${"😀".repeat(r.pick([50, 150, 400]))}.png`;
        break;
      case 2:
        f.name = r.pick(["", "../../../../etc/passwd", "a\u0000b.png", "C:\\fakepath\\x.png", "\u202egnp.exe", ".", "con", "a/b\\c.png"]);
        break;
      case 3:
        f.body = Buffer.alloc(0);
        break;
      case 4:
        f.body = Buffer.from(r.pick(["<html><script>x</script></html>", "MZ\u0090\u0000", "%PDF-1.4 cut", "号码,类型,时间\n1,来电,x", "\u0000\u0001\u0002"]));
        break;
      case 5:
        f.type = r.pick(["", "text/html", "application/x-msdownload", "image/svg+xml", "multipart/mixed; boundary=x"]);
        break;
      case 6:
        f.field = r.pick(["evidence", "callLog", "narrative", "csrf", ""]);
        break;
      default:
        break;
    }
  }
  if (r.chance(0.2))
    for (let n = r.pick([3, 12]); n > 0; n--) out.push({ field: "evidence", name: `n${n}.txt`, type: "text/plain", body: Buffer.from("证据") });
  return out;
}

type Encoding = "urlencoded" | "multipart";

/** A POST body in the form's encoding, or (sometimes) in a wrong one: another content type, a bad boundary, cut short. */
function body(r: Rng, encoding: Encoding, fields: Fields, files: FileField[]): { type: string; bytes: Buffer } {
  const roll = r.int(20);
  if (roll === 0) return { type: "application/json", bytes: Buffer.from(JSON.stringify(Object.fromEntries(fields.map(([k, v]) => [k, String(v)])))) };
  if (roll === 1) return { type: r.pick(["text/plain", "", "application/xml", "application/octet-stream", "form-data"]), bytes: urlencoded(fields) };
  if (roll === 2) return { type: "multipart/form-data", bytes: multipart(fields, files) }; // no boundary
  if (roll === 3) return { type: `multipart/form-data; boundary=${r.pick(["other", "", '"', "a".repeat(200)])}`, bytes: multipart(fields, files) };
  if (roll === 4) {
    const whole = encoding === "multipart" ? multipart(fields, files) : urlencoded(fields);
    return {
      type: encoding === "multipart" ? `multipart/form-data; boundary=${BOUNDARY}` : "application/x-www-form-urlencoded",
      bytes: whole.subarray(0, r.int(whole.length)),
    };
  }
  if (roll === 5) {
    // An over-long or oddly shaped part header.
    const extra = r.pick([`\r\nX-Long: ${"a".repeat(20_000)}`, "; filename*=utf-8''%F0%9F", '; name="other"', "\r\nContent-Type: text/html; charset=gb18030"]);
    return { type: `multipart/form-data; boundary=${BOUNDARY}`, bytes: multipart(fields, files, BOUNDARY, extra) };
  }
  if (roll === 6) return { type: "application/x-www-form-urlencoded; charset=gb18030", bytes: urlencoded(fields) };
  if (roll === 7 && encoding === "urlencoded") return { type: `multipart/form-data; boundary=${BOUNDARY}`, bytes: multipart(fields, files) };
  if (roll === 8 && encoding === "multipart") return { type: "application/x-www-form-urlencoded", bytes: urlencoded(fields) };
  return encoding === "multipart"
    ? { type: `multipart/form-data; boundary=${BOUNDARY}`, bytes: multipart(fields, files) }
    : { type: "application/x-www-form-urlencoded", bytes: urlencoded(fields) };
}

/** Header mutations: languages, cookies, very long or many headers, Remix's data requests. */
function headers(r: Rng, cookie: string, type?: string): Record<string, string> {
  const out: Record<string, string> = { cookie };
  if (type !== undefined && type !== "") out["content-type"] = type;
  switch (r.int(12)) {
    case 0:
      out["accept-language"] = r.pick(["en", "zh-CN,zh;q=0.9", "*", "en;q=abc", "xx-YY", ",,,;;", "en;q=0", "a".repeat(3000)]);
      break;
    case 1:
      out.cookie = r.pick(["", "cw_lang=xx", `${cookie}; cw_lang=%E0%A4%A`, "cw_csrf=garbage", `cw_session=${"a".repeat(4000)}`, `${cookie}; ${cookie}`]);
      break;
    case 2:
      out["x-filler"] = "a".repeat(r.pick([1000, 12_000, 20_000]));
      break;
    case 3:
      for (let i = 0; i < 150; i++) out[`x-h${i}`] = String(i);
      break;
    case 4:
      out.origin = r.pick(["null", "http://evil.example", "http://127.0.0.1"]);
      break;
    case 5:
      out["x-forwarded-for"] = r.pick(["1.2.3.4", "garbage", "::1, 999.999.1.1", ""]);
      break;
    case 6:
      out.accept = r.pick(["application/json", "*/*", "text/html", ""]);
      break;
    default:
      break;
  }
  return out;
}

/** ?lang and Remix's data-request parameter on some requests: JavaScript clients post with ?_data=. */
function suffix(r: Rng, route: string): string {
  const params: string[] = [];
  if (r.chance(0.15)) params.push(`lang=${r.pick(["en", "zh-CN", "xx", ""])}`);
  if (r.chance(0.15)) params.push(`_data=${encodeURIComponent(r.chance(0.8) ? route : "routes/nothing")}`);
  if (r.chance(0.05)) params.push("index");
  return params.length ? `?${params.join("&")}` : "";
}

export type FuzzForm = { name: string; make: (r: Rng, ctx: FuzzContext) => FuzzRequest };

function post(
  r: Rng,
  ctx: FuzzContext,
  path: string,
  route: string,
  encoding: Encoding,
  session: { cookie: string },
  fields: Fields,
  files: FileField[] = [],
): FuzzRequest {
  const b = body(
    r,
    encoding,
    mutateFields(r, fields),
    files.length || r.chance(0.1) ? mutateFiles(r, files.length ? files : [{ field: "evidence", name: "x.png", type: "image/png", body: PNG }]) : [],
  );
  return { method: "POST", path: path + suffix(r, route), headers: headers(r, session.cookie, b.type), body: b.bytes };
}

function filing(ctx: FuzzContext, r: Rng): Fields {
  return [
    ["csrf", r.chance(0.9) ? ctx.consumer.csrf : r.pick(["", "x", "令".repeat(43), ctx.reviewer.csrf])],
    ["institution", r.pick(["招商银行", "cmb", "某网贷平台"])],
    ["agency", "某某资产管理有限公司"],
    ["product", r.pick(["credit_card", "online_loan", "consumer_finance", "other"])],
    ["categories", r.pick(CATEGORIES)],
    ["categories", r.pick(CATEGORIES)],
    ["collectorPhones", "138 0013 8000\n95555"],
    ["incidentStart", "2026-10-01"],
    ["incidentEnd", "2026-10-20"],
    ["narrative", "催收员每天晚上十一点打电话，还打给我母亲，说要去她单位闹。"],
    ["desiredResolution", "停止骚扰。"],
    ["priorComplaint", r.pick(["yes", "no"])],
    ["consumerName", "王小明"],
    ["consumerPhone", "13912345678"],
    ["consumerEmail", "xiaoming@example.cn"],
    ["region", "310000"],
    ["consent", "on"],
  ];
}

const CONSUMER_INTENTS = ["comment", "add_evidence", "answer_info", "accept", "dispute", "withdraw"];
const REVIEWER_INTENTS = ["route", "reject", "request_info", "note", "substantiate", "respond", "extend", "conclude"];

function queryValue(r: Rng, values: readonly string[]): string {
  return r.chance(0.5) ? r.pick(values) : String(mutateValue(r, r.pick(values))).replace(/[\uD800-\uDFFF]/g, "\uFFFD");
}

function query(r: Rng, params: Record<string, readonly string[]>): string {
  const search = new URLSearchParams();
  for (const [name, values] of Object.entries(params)) if (r.chance(0.4)) search.append(name, queryValue(r, values));
  if (r.chance(0.1)) search.append(r.pick(Object.keys(params)), queryValue(r, params[r.pick(Object.keys(params))]));
  let text = search.toString();
  // Raw, not re-encoded: broken percent-escapes and bytes that are not UTF-8.
  if (r.chance(0.1)) text += `&${r.pick(Object.keys(params))}=${r.pick(["%", "%zz", "%F0%9F", "%00", "%C3%28", "%E2%82"])}`;
  return text;
}

const STATS_PARAMS = {
  from: ["2026-01-01", "2025-06-30", "1900-01-01", "2000-01-01", "2099-12-31"],
  to: ["2026-12-31", "2026-01-01", "2100-01-01", "2030-02-29"],
  institution: ["cmb", "招商银行", "no-such"],
  agency: ["某某资产管理有限公司"],
  product: ["credit_card", "online_loan", "mortgage"],
  region: ["310000", "440000", "000000"],
  category: CATEGORIES,
  status: ["submitted", "closed", "open"],
  by: ["institution", "agency", "product", "region", "category", "month", "status", "week"],
} as const;

/** The forms and query strings of DESIGN.md's public contract. */
export const FORMS: FuzzForm[] = [
  {
    name: "filing POST /complaints/new",
    make: (r, ctx) =>
      post(r, ctx, "/complaints/new", "routes/complaints.new", "multipart", ctx.consumer, filing(ctx, r), [
        { field: "evidence", name: "screenshot.png", type: "image/png", body: PNG },
        ...(r.chance(0.3)
          ? [{ field: "callLog", name: "calls.csv", type: "text/csv", body: Buffer.from("号码,类型,时间\n13800138000,来电,2026-10-01 23:00\n") }]
          : []),
      ]),
  },
  {
    name: "tracking POST /track",
    make: (r, ctx) =>
      post(r, ctx, "/track", "routes/track._index", "urlencoded", ctx.consumer, [
        ["csrf", ctx.consumer.csrf],
        ["code", r.chance(0.5) ? ctx.code : "CW-2026-000999"],
        ["key", r.chance(0.3) ? ctx.key : "7KQ2M-9XH4T-B3VZP-A8WNE"],
      ]),
  },
  {
    name: "consumer actions POST /track/:code",
    make: (r, ctx) => {
      const intent = r.pick(CONSUMER_INTENTS);
      const fields: Fields = [
        ["csrf", ctx.consumer.csrf],
        ["intent", intent],
        ["message", "我不同意银行的答复。"],
        ["confirm", "on"],
      ];
      const files = intent === "add_evidence" ? [{ field: r.pick(["evidence", "callLog"]), name: "more.png", type: "image/png", body: PNG }] : [];
      return post(r, ctx, `/track/${ctx.code}`, "routes/track.$code", files.length || r.chance(0.3) ? "multipart" : "urlencoded", ctx.consumer, fields, files);
    },
  },
  {
    name: "sign-in POST /login",
    make: (r, ctx) =>
      post(
        r,
        ctx,
        `/login${r.chance(0.1) ? "?next=" + encodeURIComponent(r.pick(["/stats", "//evil.example", "/%0d%0a", "javascript:x"])) : ""}`,
        "routes/login",
        "urlencoded",
        ctx.consumer,
        [
          ["csrf", ctx.consumer.csrf],
          ["email", r.pick([ctx.reviewer.email, ctx.reviewer.email.toUpperCase(), "nobody@example.cn"])],
          ["password", r.pick([ctx.reviewer.password, "wrong password here"])],
        ],
      ),
  },
  {
    name: "reviewer actions POST /triage/:code",
    make: (r, ctx) =>
      post(r, ctx, `/triage/${ctx.code}`, "routes/triage.$code", "urlencoded", ctx.reviewer, [
        ["csrf", ctx.reviewer.csrf],
        ["intent", r.pick(REVIEWER_INTENTS)],
        ["version", r.chance(0.7) ? ctx.version : String(r.int(5))],
        ["route", r.pick(["bank", "regulator"])],
        ["reason", "测试理由"],
        ["duplicateOf", r.pick(["", ctx.code, "CW-2026-999999"])],
        ["message", "请补充材料。"],
        ["category", r.pick(CATEGORIES)],
        ["substantiated", r.pick(["yes", "no"])],
        ["outcome", r.pick(["monetary_relief", "non_monetary_relief", "explanation", "in_progress"])],
        ["finding", r.pick(["substantiated", "not_substantiated", "partly"])],
      ]),
  },
  {
    name: "queue GET /triage",
    make: (r, ctx) => ({
      method: "GET",
      path: `/triage?${query(r, {
        status: ["open", "all", "submitted", "closed"],
        category: CATEGORIES,
        institution: ["cmb", "icbc"],
        product: ["credit_card", "online_loan"],
        region: ["310000", "440000"],
        overdue: ["1", "0"],
        after: ["1767225600000_1", "zzz", "999999999999999_1", "1_99999999999", "-1_-1"],
        q: [ctx.code, "13800138000", "某某"],
        lang: ["en", "zh-CN"],
      })}`,
      headers: headers(r, ctx.reviewer.cookie),
    }),
  },
  {
    name: "dashboard GET /stats",
    make: (r, ctx) => ({ method: "GET", path: `/stats?${query(r, STATS_PARAMS)}`, headers: headers(r, ctx.reviewer.cookie) }),
  },
  {
    name: "exports GET /stats/export.csv|json",
    make: (r, ctx) => ({ method: "GET", path: `/stats/export.${r.pick(["csv", "json"])}?${query(r, STATS_PARAMS)}`, headers: headers(r, ctx.reviewer.cookie) }),
  },
];

export type Outcome = { status: number | null; error?: string; busy?: boolean; ms: number };
export type FormReport = { form: string; sent: number; serverErrors: number; resets: number; statuses: Record<string, number>; examples: string[] };

const agent = new http.Agent({ keepAlive: false });

/** Sends one request and reads the whole answer: a reset or an answer cut short counts as `error`. */
export function send(base: string, request: FuzzRequest, timeoutMs = 30_000): Promise<Outcome> {
  const url = new URL(base);
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: Omit<Outcome, "ms">) => {
      if (settled) return;
      settled = true;
      resolve({ ...outcome, ms: Date.now() - started });
    };
    const headers = { ...request.headers, ...(request.body ? { "content-length": String(request.body.length) } : {}) };
    const req = http.request({ host: url.hostname, port: url.port, path: request.path, method: request.method, headers, agent, timeout: timeoutMs }, (res) => {
      res.on("data", () => {});
      // A 503 with Retry-After is the exports' "busy, come back": a refusal the app chose, not a failure.
      const busy = res.statusCode === 503 && res.headers["retry-after"] !== undefined;
      res.on("end", () => done({ status: res.statusCode ?? null, ...(busy ? { busy } : {}) }));
      res.on("aborted", () => done({ status: res.statusCode ?? null, error: "aborted" }));
      res.on("error", (error: NodeJS.ErrnoException) => done({ status: res.statusCode ?? null, error: error.code ?? error.message }));
    });
    req.on("timeout", () => {
      req.destroy();
      done({ status: null, error: "timeout" });
    });
    req.on("error", (error: NodeJS.ErrnoException) => done({ status: null, error: error.code ?? error.message }));
    req.end(request.body);
  });
}

/**
 * Sends `perForm` mutated requests to each form, `concurrency` at a time, and counts.
 * Each form has its own generator seeded from `seed` and the form's place, so one
 * form's report can be reproduced alone.
 */
export async function runFuzz(
  ctx: FuzzContext,
  options: { seed: number; perForm: number; concurrency?: number; forms?: FuzzForm[]; deadline?: number; onProgress?: (form: string, done: number) => void },
) {
  const reports: FormReport[] = [];
  for (const [index, form] of (options.forms ?? FORMS).entries()) {
    const r = rng(options.seed * 1000 + index);
    const requests = Array.from({ length: options.perForm }, () => form.make(r, ctx));
    const report: FormReport = { form: form.name, sent: 0, serverErrors: 0, resets: 0, statuses: {}, examples: [] };
    let next = 0;
    const worker = async () => {
      while (next < requests.length && Date.now() < (options.deadline ?? Infinity)) {
        const request = requests[next++];
        const outcome = await send(ctx.base, request);
        report.sent++;
        const key = outcome.error ? `error:${outcome.error}` : String(outcome.status);
        report.statuses[key] = (report.statuses[key] ?? 0) + 1;
        const bad = outcome.error ? "reset" : outcome.status !== null && outcome.status >= 500 && !outcome.busy ? "5xx" : null;
        if (bad === "reset") report.resets++;
        if (bad === "5xx") report.serverErrors++;
        if (bad && report.examples.length < 5)
          report.examples.push(`${key} ${request.method} ${request.path.slice(0, 120)} (${request.body?.length ?? 0} bytes)`);
        if (report.sent % 100 === 0) options.onProgress?.(form.name, report.sent);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
    reports.push(report);
  }
  return reports;
}

/** Cookies from a response's Set-Cookie headers, merged into a Cookie header. */
function mergeCookies(cookie: string, response: Response): string {
  const jar = new Map(
    cookie
      .split("; ")
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)] as const),
  );
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    jar.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

async function page(base: string, path: string, cookie: string) {
  const response = await fetch(base + path, { headers: { cookie }, redirect: "manual" });
  const html = await response.text();
  return { cookie: mergeCookies(cookie, response), html, response };
}

/**
 * A normal run-through before fuzzing: a consumer files a complaint with a file and
 * keeps its tracking session; a regulator (created beforehand) signs in.
 */
export async function prepareContext(base: string, reviewer: { email: string; password: string }): Promise<FuzzContext> {
  let consumer = await page(base, "/complaints/new", "");
  const csrf = consumer.html.match(/name="csrf" value="([^"]+)"/)![1];
  const form = new FormData();
  const r = rng(1);
  const fields = filing({ consumer: { cookie: "", csrf } } as FuzzContext, r);
  fields[0] = ["csrf", csrf];
  for (const [k, v] of fields) form.append(k, String(v));
  form.append("evidence", new File([PNG], "screenshot.png", { type: "image/png" }));
  const filed = await fetch(`${base}/complaints/new`, { method: "POST", body: form, headers: { cookie: consumer.cookie }, redirect: "manual" });
  if (filed.status !== 302) throw new Error(`filing failed: ${filed.status}`);
  let cookie = mergeCookies(consumer.cookie, filed);
  const receipt = await page(base, filed.headers.get("location")!, cookie);
  cookie = receipt.cookie;
  const code = filed.headers.get("location")!.split("/")[2];
  const key = receipt.html.match(/id="receipt-key"[^>]*>([^<]+)</)![1];
  consumer = { ...receipt, cookie };

  const login = await page(base, "/login", "");
  const reviewerCsrf = login.html.match(/name="csrf" value="([^"]+)"/)![1];
  const signedIn = await fetch(`${base}/login`, {
    method: "POST",
    body: new URLSearchParams({ csrf: reviewerCsrf, email: reviewer.email, password: reviewer.password }),
    headers: { cookie: login.cookie },
    redirect: "manual",
  });
  if (signedIn.status !== 302) throw new Error(`sign-in failed: ${signedIn.status}`);
  const reviewerCookie = mergeCookies(login.cookie, signedIn);
  const triage = await page(base, `/triage/${code}`, reviewerCookie);
  const version = triage.html.match(/name="version" value="(\d+)"/)![1];
  return { base, consumer: { cookie: consumer.cookie, csrf }, reviewer: { cookie: triage.cookie, csrf: reviewerCsrf, ...reviewer }, code, key, version };
}

/** The report as a table, one line per form. */
export function formatReports(reports: FormReport[]): string {
  const width = Math.max(...reports.map((r) => r.form.length));
  const lines = [`${"form".padEnd(width)}  ${"sent".padStart(6)}  ${"5xx".padStart(5)}  ${"resets".padStart(6)}  statuses`];
  for (const r of reports) {
    const statuses = Object.entries(r.statuses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    lines.push(`${r.form.padEnd(width)}  ${String(r.sent).padStart(6)}  ${String(r.serverErrors).padStart(5)}  ${String(r.resets).padStart(6)}  ${statuses}`);
    for (const example of r.examples) lines.push(`    ${example}`);
  }
  return lines.join("\n");
}
