/**
 * Who is told what, when an event happens to a complaint. Consumers hear of what others did to
 * their complaint, never of their own steps; reviewers hear of work that has become theirs.
 */

export const NOTICE_KINDS = ["info_requested", "responded", "extended", "escalated", "closed", "routed_to_you", "deadline_soon", "disputed"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type NoticeAudience = "consumer" | "bank" | "regulator";

export type Notice = { audience: NoticeAudience; kind: NoticeKind };

export function noticesFor(eventType: string, toStatus: string): Notice[] {
  switch (eventType) {
    case "info_requested":
      return [{ audience: "consumer", kind: "info_requested" }];
    case "responded":
      return [{ audience: "consumer", kind: "responded" }];
    case "extended":
      return [{ audience: "consumer", kind: "extended" }];
    case "routed":
      return toStatus === "routed_to_bank" ? [{ audience: "bank", kind: "routed_to_you" }] : [];
    case "miss_deadline":
      return [{ audience: "consumer", kind: "escalated" }];
    case "disputed":
      return [
        { audience: "regulator", kind: "disputed" },
        { audience: "bank", kind: "disputed" },
      ];
    case "concluded":
    case "close_unanswered":
    case "rejected":
      return [{ audience: "consumer", kind: "closed" }];
    default:
      return [];
  }
}
