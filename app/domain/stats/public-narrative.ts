import { redactNarrative } from "./redact";

export type NarrativeSource = {
  narrative: string;
  consent: boolean;
  consumerName: string | null;
  consumerPhone: string | null;
  consumerEmail: string | null;
  collectorPhones: string[];
};

/**
 * The account as it may be published: redacted, and only with the consumer's consent (null
 * without it). Computed once, when the narrative or what it is redacted against is written,
 * so an export of a million rows dumps a column instead of redacting a million texts.
 */
export function publicNarrative(source: NarrativeSource): string | null {
  if (!source.consent) return null;
  return redactNarrative(source.narrative, {
    names: source.consumerName ? [source.consumerName] : [],
    phones: [...(source.consumerPhone ? [source.consumerPhone] : []), ...source.collectorPhones],
    emails: source.consumerEmail ? [source.consumerEmail] : [],
  });
}
