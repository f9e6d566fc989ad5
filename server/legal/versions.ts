// The current version of each policy as the API states it: label, where to read it, when it took effect.
import { z } from '@hono/zod-openapi'
import type { Database } from '../../db/client'
import { legalKinds, type LegalDocument, type LegalKind } from '../../db/schema'
import { loadCurrentPolicies } from '../data/legal-documents'
import { policyPaths, policyVersionLabel } from '../domain/consent'

export const PolicyVersion = z
  .object({
    version: z.string().openapi({ description: 'What the customer sends back when consenting' }),
    url: z.string().openapi({ description: 'The page to read (it redirects to the shop’s own page when one is set)' }),
    effectiveAt: z.string().nullable(),
    requiresReconsent: z.boolean(),
  })
  .openapi('PolicyVersion')

export const Policies = z.object({ terms: PolicyVersion, privacy: PolicyVersion }).openapi('Policies')
export type Policies = z.infer<typeof Policies>

function describe(kind: LegalKind, doc: LegalDocument | undefined): z.infer<typeof PolicyVersion> {
  return {
    version: policyVersionLabel(doc?.version),
    url: policyPaths[kind],
    effectiveAt: doc?.publishedAt?.toISOString() ?? null,
    requiresReconsent: doc?.requiresReconsent ?? false,
  }
}

export async function currentPolicyVersions(db: Database): Promise<Policies> {
  const current = await loadCurrentPolicies(db)
  return Object.fromEntries(legalKinds.map((kind) => [kind, describe(kind, current[kind])])) as Policies
}
