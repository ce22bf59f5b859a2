import { describe, expect, it } from "vitest";
import { applyPattern, knownPatterns, REDACTION_PATTERNS, redactNarrative, toHalfWidth } from "./redact";

// For each pattern: what it removes, alone and within the whole redaction.
const EXAMPLES: Record<string, [input: string, expected: string][]> = {
  email: [
    ["发邮件到 zhang.san+debt@example.com.cn 了", "发邮件到 XXXX 了"],
    ["邮箱 12345678@qq.com", "邮箱 XXXX"],
    ["邮箱 ｚｈａｎｇ＠ｑｑ．ｃｏｍ 收到", "邮箱 XXXX 收到"],
  ],
  qq: [
    ["加他 QQ 12345678 问", "加他 QQ XXXX 问"],
    ["扣扣号：987654321。", "扣扣号：XXXX。"],
    ["qq是10001", "qq是XXXX"],
  ],
  wechat: [
    ["微信号 abc_123 一直发消息", "微信号 XXXX 一直发消息"],
    ["wx: xxx", "wx: XXXX"],
    ["WeChat ID: zhang-san", "WeChat ID: XXXX"],
    ["my WeChat ID is zhangsan88.", "my WeChat ID is XXXX."],
    ["微信：wxid_9f8e7d6c5b", "微信：XXXX"],
  ],
  wechatBare: [["加我微信 zhang_san88 再说", "加我微信 XXXX 再说"]],
  accountNumber: [
    ["合同编号：HT2026-00123，借款", "合同编号：XXXX，借款"],
    ["订单号 20261001123456", "订单号 XXXX"],
    ["my account no. 12345678 was", "my account no. XXXX was"],
  ],
  dateYmd: [
    ["2026-10-01 开始打电话", "XX/XX/XXXX 开始打电话"],
    ["2026/10/1 晚上", "XX/XX/XXXX 晚上"],
    ["2026.3.15", "XX/XX/XXXX"],
  ],
  dateChinese: [
    ["2026年10月1日凌晨", "XX/XX/XXXX凌晨"],
    ["2026 年 3 月 5 号", "XX/XX/XXXX"],
  ],
  dateMonthDay: [
    ["10月1日起每天", "XX/XX/XXXX起每天"],
    ["从3月15号到3月20号", "从XX/XX/XXXX到XX/XX/XXXX"],
  ],
  dateMdy: [
    ["on 10/01/2026 they called", "on XX/XX/XXXX they called"],
    ["1/5/2025", "XX/XX/XXXX"],
  ],
  idCard: [
    ["身份证号 11010519491231002X 被说出", "身份证号 XXXX 被说出"],
    ["身份证 110105 19900307 1234", "身份证 XXXX"],
    ["id 44030119851010123x.", "id XXXX."],
  ],
  idCardOld: [["旧身份证 110105491231002", "旧身份证 XXXX"]],
  bankCard: [
    ["卡号 6222021234567890123", "卡号 XXXX"],
    ["卡号 6222 0212 3456 7890", "卡号 XXXX"],
    ["卡号 6222-0212-3456-7890-123", "卡号 XXXX"],
    ["4111111111111112 (not Luhn-valid, removed all the same)", "XXXX (not Luhn-valid, removed all the same)"],
  ],
  masked: [
    ["尾号不详的 138****8000 打来", "尾号不详的 XXXX 打来"],
    ["卡 6222 **** **** 1234", "卡 XXXX"],
    ["身份证 110105********002X", "身份证 XXXX"],
  ],
  cardTail: [
    ["尾号1234的信用卡", "尾号XXXX的信用卡"],
    ["卡号后四位是 5678", "卡号后四位是 XXXX"],
  ],
  mobile: [
    ["13800138000 每天打", "XXXX 每天打"],
    ["号码138 0013 8000", "号码XXXX"],
    ["号码 138-0013-8000。", "号码 XXXX。"],
    ["+86 138 0013 8000 来电", "XXXX 来电"],
    ["来电8613800138000", "来电XXXX"],
    ["0086-13800138000", "XXXX"],
    ["(+86)13912345678", "XXXX"],
    ["全角１３８００１３８０００也算", "全角XXXX也算"],
  ],
  landline: [
    ["座机 010-12345678 打到单位", "座机 XXXX 打到单位"],
    ["(021) 6123 4567", "XXXX"],
    ["0755-2345678", "XXXX"],
    ["（０２１）６１２３４５６７", "XXXX"],
    ["+86 21 6123 4567", "XXXX"],
  ],
  serviceLine: [
    ["400-123-4567", "XXXX"],
    ["打800 820 8820投诉", "打XXXX投诉"],
  ],
  serviceShort: [
    ["95588 打来", "XXXX 打来"],
    ["我打了95533客服", "我打了XXXX客服"],
  ],
};

describe("REDACTION_PATTERNS", () => {
  it("has examples for every pattern, and no examples for a pattern that is gone", () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(REDACTION_PATTERNS.map((p) => p.name).sort());
  });

  it("uses the g and d flags everywhere", () => {
    for (const { regex } of REDACTION_PATTERNS) expect(regex.flags).toMatch(/^(?=.*g)(?=.*d)/);
  });

  for (const pattern of REDACTION_PATTERNS) {
    describe(pattern.name, () => {
      it.each(EXAMPLES[pattern.name] ?? [])("%s → %s", (input, expected) => {
        expect(redactNarrative(input)).toBe(expected);
      });
    });
  }

  it.each([
    ["mobile", "号码138 0013 8000", "号码XXXX"],
    ["landline", "(021) 6123 4567", "XXXX"],
    ["dateMonthDay", "10月1日", "XX/XX/XXXX"],
    ["bankCard", "6222 0212 3456 7890", "XXXX"],
    ["idCard", "11010519491231002X", "XXXX"],
    ["qq", "QQ 12345678", "QQ XXXX"],
  ])("%s works on its own: %s", (name, input, expected) => {
    const pattern = REDACTION_PATTERNS.find((p) => p.name === name)!;
    expect(applyPattern(input, pattern)).toBe(expected);
  });
});

describe("redactNarrative leaves the story alone", () => {
  it.each([
    "一天打了 3 次电话",
    "欠款 5000 元，逾期第 2 天就开始催",
    "晚上 23:00 还在打，早上 6:30 又打",
    "借了 12000 元，分 12 期，每期 1000 元",
    "欠款 95000 元",
    "欠款95588元",
    "余额 95533",
    "一共 ¥95000",
    "利率 24%，罚息 0.05%",
    "2026年10月 开始逾期",
    "2026 年",
    "十月份",
    "合同编号写的是第 3 条",
    "他说 3 天内不还就上门",
    "I owe 5000 yuan and they called 30 times",
    "微信上发了很多威胁信息",
    "加了我的微信号，然后一直骂",
    "明天他们还会来电话",
    "打了 1 2 3 次",
    "账号被冻结了",
    "合同编号不清楚",
  ])("%s", (text) => {
    expect(redactNarrative(text)).toBe(text);
  });

  it("keeps the text around a removal exactly, full-width punctuation included", () => {
    expect(redactNarrative("他（催收员）用１３８００１３８０００打给我！欠款５０００元。")).toBe("他（催收员）用XXXX打给我！欠款５０００元。");
  });

  it("is idempotent", () => {
    const text = "王小明 2026-10-01 收到 13800138000 的短信，QQ 12345678，卡号 6222 0212 3456 7890，欠款 5000 元";
    const once = redactNarrative(text, { names: ["王小明"] });
    expect(redactNarrative(once, { names: ["王小明"] })).toBe(once);
  });
});

describe("redactNarrative with what the consumer told us", () => {
  it("removes a Chinese name, its given name and the surname with an honorific", () => {
    expect(redactNarrative("催收员说王小明不还钱，小明的家人王先生也被骂，王 小 明", { names: ["王小明"] })).toBe(
      "催收员说XXXX不还钱，XXXX的家人XXXX也被骂，XXXX",
    );
  });

  it("does not remove a one-character given name on its own", () => {
    expect(redactNarrative("王明说明天再打", { names: ["王明"] })).toBe("XXXX说明天再打");
  });

  it("knows compound surnames", () => {
    expect(redactNarrative("欧阳娜娜和娜娜", { names: ["欧阳娜娜"] })).toBe("XXXX和XXXX");
    expect(knownPatterns({ names: ["欧阳娜娜"] }).map((p) => p.name)).toEqual(["name", "givenName", "surnameHonorific"]);
  });

  it("removes each part of a name written with a middle dot", () => {
    expect(redactNarrative("买买提·艾力，买买提说", { names: ["买买提·艾力"] })).toBe("XXXX，XXXX说");
  });

  it("removes Latin names in any case, as whole words", () => {
    expect(redactNarrative("ZHANG Xiaoming said; xiaoming's boss, Zhangsan", { names: ["Zhang Xiaoming"] })).toBe("XXXX said; XXXX's boss, Zhangsan");
  });

  it("removes several names, the longest first", () => {
    expect(redactNarrative("李四和李四光", { names: ["李四", "李四光"] })).toBe("XXXX和XXXX");
  });

  it("ignores empty and one-character names", () => {
    expect(redactNarrative("王说", { names: ["", " ", "王"] })).toBe("王说");
  });

  it.each([
    ["13800138000", "那个号 1 3 8 0 0 1 3 8 0 0 0 又打", "那个号 XXXX 又打"],
    ["138-0013-8000", "号码(138)0013.8000", "号码XXXX"],
    ["+86 138 0013 8000", "8613800138000", "XXXX"],
    ["021-61234567", "拨 6123-4567 找我", "拨 XXXX 找我"],
    ["021-61234567", "+86 (21) 61234567", "XXXX"],
    ["+86 10 6234 5678", "010 6234 5678 和 6234 5678", "XXXX 和 XXXX"],
    ["95588", "欠款 95588 元", "欠款 XXXX 元"],
    ["+63 917 123 4567", "菲律宾号 639171234567", "菲律宾号 XXXX"],
  ])("removes the given number %s in any writing: %s", (phone, text, expected) => {
    expect(redactNarrative(text, { phones: [phone] })).toBe(expected);
  });

  it("ignores given numbers too short to be a line", () => {
    expect(redactNarrative("打了 110 次", { phones: ["110"] })).toBe("打了 110 次");
  });

  it("removes a given e-mail and its name part", () => {
    expect(redactNarrative("发到 Zhang.San@Example.com，用户名 zhang.san", { emails: ["zhang.san@example.com"] })).toBe("发到 XXXX，用户名 XXXX");
  });

  it("scrubs a whole account", () => {
    const text =
      "2026年3月5日起，催收员用 138 0013 8000 和 0755-2345678 每天打 20 次，晚上 23:00 后还打。" +
      "他冒充律师，说王小明欠款 5000 元不还就报警，还打给我单位同事，说出我的身份证 11010519491231002X。" +
      "我在3月10日打 95588 投诉。";
    expect(redactNarrative(text, { names: ["王小明"], phones: ["13800138000"] })).toBe(
      "XX/XX/XXXX起，催收员用 XXXX 和 XXXX 每天打 20 次，晚上 23:00 后还打。" +
        "他冒充律师，说XXXX欠款 5000 元不还就报警，还打给我单位同事，说出我的身份证 XXXX。" +
        "我在XX/XX/XXXX打 XXXX 投诉。",
    );
  });
});

describe("toHalfWidth", () => {
  it("keeps the length, so indexes agree", () => {
    const text = "（０２１）６１２３　＠ａ";
    expect(toHalfWidth(text)).toBe("(021)6123 @a");
    expect(toHalfWidth(text)).toHaveLength(text.length);
  });
});
