// The two legal documents a shop publishes (the database's enum and the API's are this list).
export const legalKinds = ['terms', 'privacy'] as const
export type LegalKind = (typeof legalKinds)[number]
