import type { Prisma } from "@prisma/client";
import { internalAuthorsReadBy, PUBLIC_EVENT_AUDIENCES, type Audience } from "~/domain/visibility";

/** The events of a complaint this audience reads, as a database filter built from the visibility table. */
export function eventsReadBy(audience: Audience): Prisma.EventWhereInput {
  return {
    OR: [...(PUBLIC_EVENT_AUDIENCES.includes(audience) ? [{ public: true }] : []), { public: false, actorRole: { in: internalAuthorsReadBy(audience) } }],
  };
}
