/**
 * Lengths the forms allow, apart from the filing schema so that pages without a phone field
 * (sign-in, tracking) do not load the phone library with it.
 */
export const LIMITS = { agency: 100, institution: 100, narrative: 10000, narrativeMin: 4, text: 2000, name: 100 };
