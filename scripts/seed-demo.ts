// npm run seed:demo -- --count N: fills the database with realistic synthetic complaints
// (every status, category, institution and province, dates over two years, responses,
// disputes and conclusions, audit events chained; one in five with a call log on disk, read
// against the rules as a filing's is), with a progress bar on stderr.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { analyseCalls } from "~/domain/call-log/analyse";
import { callLogCsv, makeSyntheticCalls } from "~/domain/call-log/synthetic";
import { addDays } from "~/domain/deadlines";
import { complaintStateDigest, eventHash, GENESIS_HASH, sealOf } from "~/domain/audit-chain";
import { formatComplaintCode, filingYear } from "~/domain/receipt";
import { REGIONS } from "~/domain/regions";
import { publicNarrative } from "~/domain/stats/public-narrative";
import { CATEGORIES, PRODUCTS } from "~/domain/taxonomy";
import { auditKey } from "~/server/audit-key.server";
import { signedHeadUpsert } from "~/server/audit.server";
import { db } from "~/server/db.server";
import { storedPath } from "~/server/evidence.server";
import { loadInstitutionDirectory } from "~/server/institutions.server";
import { sealContact } from "~/server/personal-data.server";

const { values } = parseArgs({ options: { count: { type: "string", default: "1000" }, seed: { type: "string", default: "1" } } });
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) throw new Error("--count must be a positive whole number");

// A small deterministic generator, so the same --seed gives the same data.
let state = Number(values.seed) * 2654435761;
const random = () => (state = (state * 1664525 + 1013904223) % 4294967296) / 4294967296;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const chance = (p: number) => random() < p;

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡"];
const GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞"];
const AGENCIES = ["某某资产管理有限公司", "华信催收服务中心", "诚达信息咨询有限公司", "远航商务咨询有限公司", null, null];
const mobile = () => `1${pick(["3", "5", "7", "8", "9"])}${String(Math.floor(random() * 1e9)).padStart(9, "0")}`;
const COLLECTOR_POOL = Array.from({ length: 3000 }, mobile);
const NARRATIVES = [
  (n: string, p: string, c: string) => `我叫${n}，催收员用${c}每天晚上十一点以后给我打电话，还打给我母亲和单位领导。我的电话是${p}。`,
  (n: string, p: string, c: string) => `${n}女士您好——对方这样称呼我，然后自称是法院的工作人员，说再不还钱就上门抓人。号码${c}，我的手机${p}。`,
  (n: string, p: string, c: string) => `催收把我的欠款信息发到了我的通讯录好友群里，还 P 了“通缉令”。打电话的是${c}。联系我：${p}（${n}）。`,
  (n: string, p: string, c: string) => `They called my employer and my sister from ${c}, threatened to send a lawyer's letter. My name is ${n}, phone ${p}.`,
];

const DAY = 86400000;
const CALL_LOG_SHARE = 0.2;

/** A synthetic call log for the incident, written to evidence/ as a filed one would be. */
function callLog(incidentStart: string, collectors: string[], seed: number) {
  const calls = makeSyntheticCalls(10 + Math.floor(random() * 140), seed, { start: new Date(`${incidentStart}T00:00:00+08:00`) });
  const bytes = Buffer.from(callLogCsv(calls), "utf8");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const target = storedPath(sha256);
  if (!fs.existsSync(target)) fs.writeFileSync(target, bytes);
  const analysis = { ...analyseCalls(calls, { collectorNumbers: collectors }), problems: [], files: 1, duplicates: 0 };
  return { evidence: { sha256, name: "通话记录.csv", mime: "text/csv", kind: "call_log", size: bytes.length, addedBy: "consumer" }, analysis };
}

type Event = { type: string; actorRole: string; fromStatus: string | null; toStatus: string; note: string | null; public: boolean; createdAt: Date };

/** One complaint's life: where it went and when, as events in time order. */
function life(created: Date, now: Date) {
  const events: Event[] = [{ type: "filed", actorRole: "consumer", fromStatus: null, toStatus: "submitted", note: null, public: true, createdAt: created }];
  const at = (days: number) => new Date(Math.min(created.getTime() + days * DAY, now.getTime()));
  const step = (type: string, actorRole: string, toStatus: string, days: number, note: string | null = null) => {
    events.push({ type, actorRole, fromStatus: events[events.length - 1].toStatus, toStatus, note, public: true, createdAt: at(days) });
  };
  const result: Record<string, unknown> = { status: "submitted" };
  const age = (now.getTime() - created.getTime()) / DAY;
  const roll = random();
  if (age < 3 || roll < 0.06) return { events, result };
  if (roll < 0.1) {
    step("rejected", "regulator", "rejected", 2, "与已有投诉重复");
    return { events, result: { status: "rejected", closedAt: at(2) } };
  }
  if (roll < 0.14) {
    step("withdrawn", "consumer", "withdrawn", 1);
    return { events, result: { status: "withdrawn" } };
  }
  if (roll < 0.3) {
    step("routed", "regulator", "routed_to_regulator", 2);
    const done = age > 40;
    if (done) step("concluded", "regulator", "closed", 40, "经核查，催收行为违规，已责令整改。");
    return {
      events,
      result: {
        status: done ? "closed" : "routed_to_regulator",
        routedTo: "regulator",
        routedAt: at(2),
        finding: done ? pick(["substantiated", "partly_substantiated", "not_substantiated"]) : null,
        closedAt: done ? at(40) : null,
      },
    };
  }
  step("routed", "regulator", "routed_to_bank", 2);
  const routed = { routedTo: "bank", routedAt: at(2) };
  if (age < 10) return { events, result: { ...routed, status: "routed_to_bank", dueAt: addDays(at(2), 15) } };
  if (chance(0.15)) {
    events.push({
      type: "miss_deadline",
      actorRole: "system",
      fromStatus: "routed_to_bank",
      toStatus: "escalated",
      note: null,
      public: true,
      createdAt: at(17),
    });
    return { events, result: { ...routed, status: "escalated" } };
  }
  const extended = chance(0.1);
  if (extended) step("extended", "bank", "routed_to_bank", 12, "需要调取催收录音");
  const answeredAfter = 2 + (extended ? 10 + random() * 25 : random() * 16);
  const outcome = pick(["monetary_relief", "non_monetary_relief", "explanation", "explanation"]);
  step("responded", "bank", "responded", answeredAfter, "已核实并处理。");
  const responded = { ...routed, extended, outcome, respondedAt: at(answeredAfter) };
  const r = random();
  if (r < 0.45) {
    step("accepted", "consumer", "closed", answeredAfter + 3);
    return { events, result: { ...responded, status: "closed", closedAt: at(answeredAfter + 3) } };
  }
  if (r < 0.7) {
    step("disputed", "consumer", "escalated", answeredAfter + 4, "催收电话仍然在打。");
    if (age > answeredAfter + 50) {
      step("concluded", "regulator", "closed", answeredAfter + 50, "催收行为违规。");
      return { events, result: { ...responded, status: "closed", finding: "substantiated", closedAt: at(answeredAfter + 50) } };
    }
    return { events, result: { ...responded, status: "escalated" } };
  }
  events.push({
    type: "close_unanswered",
    actorRole: "system",
    fromStatus: "responded",
    toStatus: "closed",
    note: null,
    public: true,
    createdAt: at(answeredAfter + 15),
  });
  return { events, result: { ...responded, status: "closed", closedAt: at(answeredAfter + 15) } };
}

async function main() {
  await loadInstitutionDirectory();
  const institutions = await db.institution.findMany({ select: { id: true, nameZh: true } });
  const now = new Date();
  let complaintId = ((await db.complaint.aggregate({ _max: { id: true } }))._max.id ?? 0) + 1;
  let eventId = ((await db.event.aggregate({ _max: { id: true } }))._max.id ?? 0) + 1;
  let prevHash = (await db.event.findFirst({ orderBy: { id: "desc" }, select: { hash: true } }))?.hash ?? GENESIS_HASH;
  const sequences = new Map((await db.complaintSequence.findMany()).map((s) => [s.year, s.last]));
  const key = auditKey();
  const keyHash = createHash("sha256").update(randomBytes(16)).digest("hex"); // nobody can open a demo complaint
  const BATCH = 1000;
  const started = Date.now();

  for (let done = 0; done < count; done += BATCH) {
    const size = Math.min(BATCH, count - done);
    const complaints = [];
    const categories = [];
    const phones = [];
    const evidence = [];
    const events = [];
    for (let i = 0; i < size; i++) {
      const id = complaintId++;
      // Dates over two years, more of them recent.
      const created = new Date(now.getTime() - Math.floor(Math.pow(random(), 1.5) * 730 * DAY) - Math.floor(random() * DAY));
      const year = filingYear(created);
      const sequence = (sequences.get(year) ?? 0) + 1;
      sequences.set(year, sequence);
      const institution = chance(0.93) ? pick(institutions) : null;
      const name = pick(SURNAMES) + pick(GIVEN);
      const phone = mobile();
      const collectors = [...new Set([pick(COLLECTOR_POOL), ...(chance(0.4) ? [pick(COLLECTOR_POOL)] : [])])];
      const chosen = [...new Set([pick(CATEGORIES), ...(chance(0.6) ? [pick(CATEGORIES)] : []), ...(chance(0.3) ? [pick(CATEGORIES)] : [])])];
      const { events: lifeEvents, result } = life(created, now);
      const concluded = result.finding === "substantiated" || result.finding === "partly_substantiated";
      const incidentStart = new Date(created.getTime() - 20 * DAY).toISOString().slice(0, 10);
      const log = chance(CALL_LOG_SHARE) ? callLog(incidentStart, collectors, id) : null;
      if (log) evidence.push({ complaintId: id, ...log.evidence, createdAt: created });
      const narrative = pick(NARRATIVES)(name, phone, collectors[0]);
      const consent = chance(0.4);
      const consumerEmail = chance(0.3) ? `user${id}@example.cn` : null;
      const complaint = {
        id,
        code: formatComplaintCode(year, sequence),
        keyHash,
        status: String(result.status),
        locale: chance(0.9) ? "zh-CN" : "en",
        institutionId: institution?.id ?? null,
        institutionName: institution?.nameZh ?? pick(["某网贷平台", "某小额贷款公司", "某科技公司"]),
        agency: pick(AGENCIES),
        product: pick(PRODUCTS),
        incidentStart,
        incidentEnd: null,
        narrative,
        publicNarrative: publicNarrative({ narrative, consent, consumerName: name, consumerPhone: phone, consumerEmail, collectorPhones: collectors }),
        desiredResolution: "停止骚扰",
        priorComplaint: chance(0.3),
        ...sealContact({ consumerName: name, consumerPhone: phone, consumerEmail }),
        region: pick(REGIONS).code,
        consent,
        routedTo: (result.routedTo as string) ?? null,
        routedAt: (result.routedAt as Date) ?? null,
        dueAt: (result.dueAt as Date) ?? addDays(created, 3),
        extended: (result.extended as boolean) ?? false,
        outcome: (result.outcome as string) ?? null,
        respondedAt: (result.respondedAt as Date) ?? null,
        finding: (result.finding as string) ?? null,
        closedAt: (result.closedAt as Date) ?? null,
        callLogFindings: log ? JSON.stringify(log.analysis) : null,
        source: "demo",
        createdAt: created,
      };
      complaints.push(complaint);
      const ownCategories = chosen.map((category) => ({ category, substantiated: concluded ? chance(0.7) : null }));
      for (const category of ownCategories) categories.push({ complaintId: id, ...category });
      for (const number of collectors) phones.push({ complaintId: id, number });
      // Only the last event records the state: the seed does not model the states in between.
      const finalState = complaintStateDigest({
        ...complaint,
        externalId: null,
        extensionReason: null,
        awaitingInfo: false,
        duplicateOfId: null,
        categories: ownCategories,
        collectorPhones: collectors,
        evidence: log ? [log.evidence.sha256] : [],
      });
      for (const [index, event] of lifeEvents.entries()) {
        const content = { complaintId: id, actorId: null, ...event, stateDigest: index === lifeEvents.length - 1 ? finalState : null };
        const hash = eventHash(content, prevHash);
        events.push({ id: eventId++, ...content, prevHash, hash, seal: sealOf(key.sealKey, hash) });
        prevHash = hash;
      }
    }
    await db.$transaction([
      db.complaint.createMany({ data: complaints }),
      db.complaintCategory.createMany({ data: categories }),
      db.collectorPhone.createMany({ data: phones }),
      db.evidence.createMany({ data: evidence }),
      db.event.createMany({ data: events }),
      db.auditHead.upsert(signedHeadUpsert(key, eventId - 1, prevHash)),
      ...[...sequences].map(([year, last]) => db.complaintSequence.upsert({ where: { year }, create: { year, last }, update: { last } })),
    ]);
    const finished = done + size;
    const rate = finished / ((Date.now() - started) / 1000);
    process.stderr.write(`\rseeding ${finished}/${count} (${Math.round((finished / count) * 100)}%, ${Math.round(rate)}/s)   `);
  }
  process.stderr.write("\n");
  console.log(`seeded ${count} demo complaints in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
