// Policy versions as customers see and send them: "1", "2", ... for published versions; before a shop publishes its
// own, the built-in default text, under the label the first releases used (members who registered then hold it).
import type { LegalKind } from './legal-kinds'

/** The label of the built-in default text, served while the shop has published no version of a kind. */
export const defaultPolicyVersion = '2026-04'

export const policyPaths: Record<LegalKind, string> = { terms: '/legal/terms', privacy: '/legal/privacy' }

/** The label of a version: its number once published, the built-in default's label before. */
export const policyVersionLabel = (version: number | null | undefined): string =>
  version ? String(version) : defaultPolicyVersion
