// What seed:demo writes, decided by a small deterministic generator, so the same --seed gives the
// same data: complaints over two years (more of them recent), every status, category, institution
// and province, their lives as events, and which of them come with a call log. The costly parts
// (the published narrative, the call log's file and analysis) are left as plain inputs for
// demo-costly-parts.ts, which may run them in other threads.
import { addDays, creditorDays, deadlineAfter, DEFAULT_DEADLINES } from "~/domain/deadlines";
import { REGIONS } from "~/domain/regions";
import type { NarrativeSource } from "~/domain/stats/public-narrative";
import { CATEGORIES, PRODUCTS } from "~/domain/taxonomy";

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡"];
const GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞"];
const AGENCIES = ["某某资产管理有限公司", "华信催收服务中心", "诚达信息咨询有限公司", "远航商务咨询有限公司", null, null];
const NARRATIVES = [
  (n: string, p: string, c: string) => `我叫${n}，催收员用${c}每天晚上十一点以后给我打电话，还打给我母亲和单位领导。我的电话是${p}。`,
  (n: string, p: string, c: string) => `${n}女士您好——对方这样称呼我，然后自称是法院的工作人员，说再不还钱就上门抓人。号码${c}，我的手机${p}。`,
  (n: string, p: string, c: string) => `催收把我的欠款信息发到了我的通讯录好友群里，还 P 了“通缉令”。打电话的是${c}。联系我：${p}（${n}）。`,
  (n: string, p: string, c: string) => `They called my employer and my sister from ${c}, threatened to send a lawyer's letter. My name is ${n}, phone ${p}.`,
];

const DAY = 86400000;
const CALL_LOG_SHARE = 0.2;

export type DemoEvent = { type: string; actorRole: string; fromStatus: string | null; toStatus: string; note: string | null; public: boolean; createdAt: Date };

/** What a synthetic call log is made from (domain/call-log/synthetic.ts): the same inputs, the same file. */
/** `kind`: the creditor's (Institution.kind), which chooses the rule pack as a filing's does. */
export type CallLogSpec = { calls: number; seed: number; incidentStart: string; collectors: string[]; kind?: string | null };

/** One demo complaint as planned: everything but its id, code and chain, which the writer assigns. */
export type DemoComplaint = {
  /** The id it is planned to get; seeds its call log and its e-mail address. */
  ordinal: number;
  created: Date;
  institutionId: string | null;
  institutionName: string;
  agency: string | null;
  product: string;
  status: string;
  locale: string;
  incidentStart: string;
  narrative: string;
  priorComplaint: boolean;
  consent: boolean;
  region: string;
  routedTo: string | null;
  routedAt: Date | null;
  dueAt: Date;
  responseDueAt: Date | null;
  extensionLevel: number;
  outcome: string | null;
  respondedAt: Date | null;
  finding: string | null;
  closedAt: Date | null;
  categories: { category: string; substantiated: boolean | null }[];
  collectors: string[];
  events: DemoEvent[];
  callLog: CallLogSpec | null;
  /** The narrative and the contact details it is redacted against (and that are sealed). */
  narrativeSource: NarrativeSource;
};

type Life = {
  events: DemoEvent[];
  status: string;
  routedTo?: string;
  routedAt?: Date;
  dueAt?: Date;
  extensionLevel?: number;
  outcome?: string;
  respondedAt?: Date;
  finding?: string | null;
  closedAt?: Date | null;
};

export type Institution = { id: string; nameZh: string; kind?: string };

/** A generator of demo complaints; `next(ordinal)` plans the next one. */
export function demoComplaints(seed: number, institutions: Institution[], now: Date) {
  let state = seed * 2654435761;
  const random = () => (state = (state * 1664525 + 1013904223) % 4294967296) / 4294967296;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;
  const mobile = () => `1${pick(["3", "5", "7", "8", "9"])}${String(Math.floor(random() * 1e9)).padStart(9, "0")}`;
  const collectorPool = Array.from({ length: 3000 }, mobile);

  /** One complaint's life: where it went and when, as events in time order. */
  function life(created: Date): Life {
    const events: DemoEvent[] = [
      { type: "filed", actorRole: "consumer", fromStatus: null, toStatus: "submitted", note: null, public: true, createdAt: created },
    ];
    const at = (days: number) => new Date(Math.min(created.getTime() + days * DAY, now.getTime()));
    const step = (type: string, actorRole: string, toStatus: string, days: number, note: string | null = null) => {
      events.push({ type, actorRole, fromStatus: events[events.length - 1].toStatus, toStatus, note, public: true, createdAt: at(days) });
    };
    const age = (now.getTime() - created.getTime()) / DAY;
    const roll = random();
    if (age < 3 || roll < 0.06) return { events, status: "submitted" };
    if (roll < 0.1) {
      step("rejected", "regulator", "rejected", 2, "与已有投诉重复");
      return { events, status: "rejected", closedAt: at(2) };
    }
    if (roll < 0.14) {
      step("withdrawn", "consumer", "withdrawn", 1);
      return { events, status: "withdrawn" };
    }
    if (roll < 0.3) {
      step("routed", "regulator", "routed_to_regulator", 2);
      const done = age > 40;
      if (done) step("concluded", "regulator", "closed", 40, "经核查，催收行为违规，已责令整改。");
      return {
        events,
        status: done ? "closed" : "routed_to_regulator",
        routedTo: "regulator",
        routedAt: at(2),
        finding: done ? pick(["substantiated", "partly_substantiated", "not_substantiated"]) : null,
        closedAt: done ? at(40) : null,
      };
    }
    step("routed", "regulator", "routed_to_bank", 2);
    const routed = { routedTo: "bank", routedAt: at(2) };
    if (age < 10) return { events, ...routed, status: "routed_to_bank", dueAt: creditorDeadline(at(2), 0) };
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
      return { events, ...routed, status: "escalated" };
    }
    const extended = chance(0.1);
    if (extended) step("extended", "bank", "routed_to_bank", 12, "需要调取催收录音");
    const answeredAfter = 2 + (extended ? 10 + random() * 25 : random() * 16);
    const outcome = pick(["monetary_relief", "non_monetary_relief", "explanation", "explanation"]);
    step("responded", "bank", "responded", answeredAfter, "已核实并处理。");
    const responded = { ...routed, extensionLevel: extended ? 1 : 0, outcome, respondedAt: at(answeredAfter) };
    const r = random();
    if (r < 0.45) {
      step("accepted", "consumer", "closed", answeredAfter + 3);
      return { events, ...responded, status: "closed", closedAt: at(answeredAfter + 3) };
    }
    if (r < 0.7) {
      step("disputed", "consumer", "escalated", answeredAfter + 4, "催收电话仍然在打。");
      if (age > answeredAfter + 50) {
        step("concluded", "regulator", "closed", answeredAfter + 50, "催收行为违规。");
        return { events, ...responded, status: "closed", finding: "substantiated", closedAt: at(answeredAfter + 50) };
      }
      return { events, ...responded, status: "escalated" };
    }
    const closedAt = at(answeredAfter + 15);
    events.push({ type: "close_unanswered", actorRole: "system", fromStatus: "responded", toStatus: "closed", note: null, public: true, createdAt: closedAt });
    return { events, ...responded, status: "closed", closedAt };
  }

  // The draws are made in the order seed:demo always made them, so a --seed gives the data it gave before.
  return function next(ordinal: number): DemoComplaint {
    const created = new Date(now.getTime() - Math.floor(Math.pow(random(), 1.5) * 730 * DAY) - Math.floor(random() * DAY));
    const institution = chance(0.93) ? pick(institutions) : null;
    const name = pick(SURNAMES) + pick(GIVEN);
    const phone = mobile();
    const collectors = [...new Set([pick(collectorPool), ...(chance(0.4) ? [pick(collectorPool)] : [])])];
    const chosen = [...new Set([pick(CATEGORIES), ...(chance(0.6) ? [pick(CATEGORIES)] : []), ...(chance(0.3) ? [pick(CATEGORIES)] : [])])];
    const lived = life(created);
    const concluded = lived.finding === "substantiated" || lived.finding === "partly_substantiated";
    const incidentStart = new Date(created.getTime() - 20 * DAY).toISOString().slice(0, 10);
    const callLog = chance(CALL_LOG_SHARE)
      ? { calls: 10 + Math.floor(random() * 140), seed: ordinal, incidentStart, collectors, kind: institution?.kind ?? null }
      : null;
    const narrative = pick(NARRATIVES)(name, phone, collectors[0]);
    const consent = chance(0.4);
    const consumerEmail = chance(0.3) ? `user${ordinal}@example.cn` : null;
    const locale = chance(0.9) ? "zh-CN" : "en";
    const institutionName = institution?.nameZh ?? pick(["某网贷平台", "某小额贷款公司", "某科技公司"]);
    const agency = pick(AGENCIES);
    const product = pick(PRODUCTS);
    const priorComplaint = chance(0.3);
    const region = pick(REGIONS).code;
    const categories = chosen.map((category) => ({ category, substantiated: concluded ? chance(0.7) : null }));
    return {
      ordinal,
      created,
      institutionId: institution?.id ?? null,
      institutionName,
      agency,
      product,
      status: lived.status,
      locale,
      incidentStart,
      narrative,
      priorComplaint,
      consent,
      region,
      routedTo: lived.routedTo ?? null,
      routedAt: lived.routedAt ?? null,
      dueAt: lived.dueAt ?? addDays(created, 3),
      responseDueAt: lived.routedTo === "bank" && lived.routedAt ? creditorDeadline(lived.routedAt, lived.extensionLevel ?? 0) : null,
      extensionLevel: lived.extensionLevel ?? 0,
      outcome: lived.outcome ?? null,
      respondedAt: lived.respondedAt ?? null,
      finding: lived.finding ?? null,
      closedAt: lived.closedAt ?? null,
      categories,
      collectors,
      events: lived.events,
      callLog,
      narrativeSource: { narrative, consent, consumerName: name, consumerPhone: phone, consumerEmail, collectorPhones: collectors },
    };
  };
}

/** The creditor's deadline at a step of the ladder, counted as the app counts it (real days). */
function creditorDeadline(routedAt: Date, level: number): Date {
  return deadlineAfter(routedAt, creditorDays(level, DEFAULT_DEADLINES), DEFAULT_DEADLINES);
}
