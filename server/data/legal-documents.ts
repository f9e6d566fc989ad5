// Reads and writes of the versioned terms and privacy policy: the current versions, the one draft per kind, publish,
// and the versions a member consented to. Each write is one batch with its audit entry.
import { and, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm'
import { wroteRow } from '../../db/affected-rows'
import type { Database } from '../../db/client'
import { legalDocuments, type LegalDocument, type LegalKind } from '../../db/schema'
import { defaultPolicyVersion } from '../domain/consent'
import type { LegalContent } from '../domain/legal-document'
import { refuse, type Refusal } from '../domain/refusal'
import { auditWhen } from './audit'

export type CurrentPolicies = Record<LegalKind, LegalDocument | undefined>

/** The newest published version of each kind (undefined while the shop has published none). */
export async function loadCurrentPolicies(db: Database): Promise<CurrentPolicies> {
  const rows = await db.all<{ id: number }>(sql`SELECT id FROM legal_documents d
    WHERE status = 'published'
      AND version = (SELECT max(version) FROM legal_documents WHERE kind = d.kind AND status = 'published')`)
  const docs =
    rows.length === 0
      ? []
      : await db.query.legalDocuments.findMany({ where: (t, { inArray }) => inArray(t.id, rows.map((r) => r.id)) })
  return { terms: docs.find((d) => d.kind === 'terms'), privacy: docs.find((d) => d.kind === 'privacy') }
}

/** A published version by number. */
export function findPublishedVersion(db: Database, kind: LegalKind, version: number) {
  return db.query.legalDocuments.findFirst({
    where: and(eq(legalDocuments.kind, kind), eq(legalDocuments.version, version), eq(legalDocuments.status, 'published')),
  })
}

export function findDraft(db: Database, kind: LegalKind) {
  return db.query.legalDocuments.findFirst({ where: and(eq(legalDocuments.kind, kind), eq(legalDocuments.status, 'draft')) })
}

/** Every published version of a kind, newest first, without their text. */
export function listVersions(db: Database, kind: LegalKind) {
  return db
    .select({
      version: legalDocuments.version,
      publishedAt: legalDocuments.publishedAt,
      publishedBy: legalDocuments.publishedBy,
      requiresReconsent: legalDocuments.requiresReconsent,
      externalUrl: legalDocuments.externalUrl,
    })
    .from(legalDocuments)
    .where(and(eq(legalDocuments.kind, kind), isNotNull(legalDocuments.version)))
    .orderBy(desc(legalDocuments.version))
}

export interface DraftInput {
  content: LegalContent | null
  externalUrl: string | null
}

const draftChanged = () =>
  refuse('legal_draft_changed', 'The draft was changed by someone else: reload it and apply your edits again')

/**
 * Saves the kind's draft: updates the draft at `revision`, or starts one when `revision` is null and there is none.
 * 409 `legal_draft_changed` when the draft is not at the revision the admin edited (another admin saved or published).
 */
export async function saveDraft(
  db: Database,
  kind: LegalKind,
  input: DraftInput,
  revision: number | null,
  actor: string,
  now: Date,
): Promise<LegalDocument | Refusal> {
  const at = now.getTime()
  const content = input.content === null ? null : JSON.stringify(input.content)
  const draftWhere = sql`kind = ${kind} AND status = 'draft'`
  const results = await db.batch([
    revision === null
      ? db.run(sql`INSERT INTO legal_documents (kind, status, content, external_url, revision, created_by, created_at, updated_at)
          SELECT ${kind}, 'draft', ${content}, ${input.externalUrl}, 1, ${actor}, ${at}, ${at}
          WHERE NOT EXISTS (SELECT 1 FROM legal_documents WHERE ${draftWhere})`)
      : db.run(sql`UPDATE legal_documents SET content = ${content}, external_url = ${input.externalUrl},
          revision = revision + 1, updated_at = ${at}
          WHERE ${draftWhere} AND revision = ${revision}`),
    auditWhen(
      db,
      { actor, action: 'legal.draft_saved', target: `legal:${kind}`, detail: { revision: (revision ?? 0) + 1, externalUrl: input.externalUrl } },
      at,
      sql`EXISTS (SELECT 1 FROM legal_documents WHERE ${draftWhere} AND revision = ${(revision ?? 0) + 1} AND updated_at = ${at})`,
    ),
  ])
  if (!wroteRow(results[0])) return draftChanged()
  return (await findDraft(db, kind))!
}

/** Drops the kind's draft at `revision`; refused when there is none, or when it moved on. */
export async function discardDraft(db: Database, kind: LegalKind, revision: number, actor: string, now: Date): Promise<Refusal | null> {
  const draft = await findDraft(db, kind)
  if (!draft) return draftMissing()
  const draftAt = sql`SELECT 1 FROM legal_documents WHERE kind = ${kind} AND status = 'draft' AND revision = ${revision}`
  const results = await db.batch([
    // The audit entry first, while the draft it names is still there to be seen.
    auditWhen(db, { actor, action: 'legal.draft_discarded', target: `legal:${kind}`, detail: { revision } }, now.getTime(), sql`EXISTS (${draftAt})`),
    db.run(sql`DELETE FROM legal_documents WHERE kind = ${kind} AND status = 'draft' AND revision = ${revision}`),
  ])
  return wroteRow(results[1]) ? null : draftChanged()
}

export const draftMissing = () => refuse('legal_draft_missing', 'There is no draft to publish: save one first')

/**
 * Publishes the kind's draft at `revision` as the next version number (the caller has checked it is complete).
 * Once published a version never changes (the table's triggers refuse it).
 */
export async function publishDraft(
  db: Database,
  kind: LegalKind,
  options: { revision: number; requiresReconsent: boolean },
  actor: string,
  now: Date,
): Promise<LegalDocument | Refusal> {
  const at = now.getTime()
  const next = sql`(SELECT coalesce(max(version), 0) + 1 FROM legal_documents WHERE kind = ${kind} AND status = 'published')`
  const results = await db.batch([
    db.run(sql`UPDATE legal_documents SET status = 'published', version = ${next}, published_at = ${at},
        published_by = ${actor}, requires_reconsent = ${options.requiresReconsent ? 1 : 0}, updated_at = ${at}
      WHERE kind = ${kind} AND status = 'draft' AND revision = ${options.revision}`),
    auditWhen(
      db,
      {
        actor,
        action: 'legal.published',
        target: `legal:${kind}`,
        detail: { requiresReconsent: options.requiresReconsent, revision: options.revision },
      },
      at,
      sql`EXISTS (SELECT 1 FROM legal_documents WHERE kind = ${kind} AND status = 'published' AND published_at = ${at} AND published_by = ${actor})`,
    ),
  ])
  if (!wroteRow(results[0])) return draftChanged()
  const published = await db.query.legalDocuments.findFirst({
    where: and(eq(legalDocuments.kind, kind), eq(legalDocuments.publishedAt, now), eq(legalDocuments.publishedBy, actor)),
    orderBy: desc(legalDocuments.version),
  })
  return published!
}

/** The version number a `members.*_version` label stands for, in SQL (a published version's number; the default text's label, and anything else, counts as 0). */
const consentedNumber = (label: SQL) =>
  sql`(CASE WHEN ${label} GLOB '[1-9]*' AND ${label} NOT GLOB '*[^0-9]*' AND length(${label}) <= 9 THEN CAST(${label} AS INTEGER) ELSE 0 END)`

const newestReconsent = (kind: LegalKind) =>
  sql`coalesce((SELECT max(version) FROM legal_documents WHERE kind = ${kind} AND requires_reconsent = 1), 0)`

/**
 * SQL that is true when the member `m` must consent again: a version asking for it was published after the one they
 * agreed to, for either kind.
 */
export const reconsentNeeded = (m: string) =>
  sql`(${newestReconsent('terms')} > ${consentedNumber(sql.raw(`${m}.terms_version`))}
    OR ${newestReconsent('privacy')} > ${consentedNumber(sql.raw(`${m}.privacy_version`))})`

/** The label of the current version of each kind, in SQL, to check a consent against inside its own batch. */
const currentLabel = (kind: LegalKind) =>
  sql`coalesce(CAST((SELECT max(version) FROM legal_documents WHERE kind = ${kind} AND status = 'published') AS TEXT), ${defaultPolicyVersion})`

/**
 * Records that the active member consented to the given versions, if they are still the current ones when the batch
 * runs (a publish in between makes it write nothing: false). Audited as `member.consent`.
 */
export async function recordConsent(
  db: Database,
  memberId: number,
  versions: { terms: string; privacy: string },
  actor: string,
  now: Date,
): Promise<boolean> {
  const at = now.getTime()
  const results = await db.batch([
    db.run(sql`UPDATE members SET terms_version = ${versions.terms}, terms_accepted_at = ${at},
        privacy_version = ${versions.privacy}, privacy_accepted_at = ${at}, updated_at = ${at}
      WHERE id = ${memberId} AND status = 'active'
        AND ${versions.terms} = ${currentLabel('terms')} AND ${versions.privacy} = ${currentLabel('privacy')}`),
    auditWhen(
      db,
      { actor, action: 'member.consent', target: `member:${memberId}`, detail: { termsVersion: versions.terms, privacyVersion: versions.privacy } },
      at,
      sql`EXISTS (SELECT 1 FROM members WHERE id = ${memberId} AND terms_accepted_at = ${at} AND terms_version = ${versions.terms} AND privacy_version = ${versions.privacy})`,
    ),
  ])
  return wroteRow(results[0])
}

/** Whether the member must consent again to a policy published since they last did. */
export async function memberNeedsReconsent(db: Database, memberId: number): Promise<boolean> {
  const [row] = await db.all<{ required: number }>(
    sql`SELECT ${reconsentNeeded('m')} AS required FROM members m WHERE m.id = ${memberId}`,
  )
  return Boolean(row?.required)
}
