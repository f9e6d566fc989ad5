// The shop's terms of use and privacy policy: one editable draft per kind, and numbered published versions that
// never change (triggers in migration legal_documents_immutable refuse updates and deletes of published rows).
import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { legalKinds } from '../../server/domain/legal-kinds'
import { createdAt, instant, rowId } from './columns'

export { legalKinds, type LegalKind } from '../../server/domain/legal-kinds'
export const legalStatuses = ['draft', 'published'] as const

export const legalDocuments = sqliteTable(
  'legal_documents',
  {
    id: rowId(),
    kind: text({ enum: legalKinds }).notNull(),
    status: text({ enum: legalStatuses }).notNull().default('draft'),
    /** 1, 2, ... per kind, given when published; null while a draft. */
    version: integer(),
    /** The text in Japanese and English (server/domain/legal-document.ts `LegalContent`); null with `externalUrl`. */
    content: text({ mode: 'json' }).$type<unknown>(),
    /** The shop's own page (https) that the public page redirects to, instead of `content`. */
    externalUrl: text(),
    /** A material change: members who consented to an earlier version are asked to agree again. */
    requiresReconsent: integer({ mode: 'boolean' }).notNull().default(false),
    /** Bumped by every save of a draft, so a publish applies to the draft the admin previewed. */
    revision: integer().notNull().default(1),
    createdBy: text().notNull(),
    createdAt: createdAt(),
    updatedAt: instant().notNull(),
    /** When the version took effect (shown on the page as the effective date). */
    publishedAt: instant(),
    publishedBy: text(),
  },
  (t) => [
    uniqueIndex('legal_documents_version_idx').on(t.kind, t.version),
    uniqueIndex('legal_documents_one_draft_idx')
      .on(t.kind)
      .where(sql`${t.status} = 'draft'`),
    // The newest version that asks for consent again, read with every card.
    index('legal_documents_reconsent_idx').on(t.kind, t.requiresReconsent, t.version),
    check(
      'legal_documents_published_has_version',
      sql`(${t.status} = 'draft') = (${t.version} IS NULL) AND (${t.status} = 'draft') = (${t.publishedAt} IS NULL)`,
    ),
    check('legal_documents_has_text', sql`${t.content} IS NOT NULL OR ${t.externalUrl} IS NOT NULL`),
  ],
)

export type LegalDocument = typeof legalDocuments.$inferSelect
