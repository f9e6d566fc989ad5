// Legal pages (admin): the terms of use and privacy policy, edited as a draft (text, or the shop's own URL),
// previewed, and published as a new immutable version that may ask members to agree again.
import { z } from '@hono/zod-openapi'
import { legalKinds, type LegalDocument, type LegalKind } from '../../../db/schema'
import {
  discardDraft,
  draftMissing,
  findDraft,
  listVersions,
  loadCurrentPolicies,
  publishDraft,
  saveDraft,
} from '../../data/legal-documents'
import { isExternalPolicyUrl, LegalContent, missingItems } from '../../domain/legal-document'
import type { AppDeps } from '../../env'
import { badRequest, conflict } from '../../errors'
import { defaultLegalContent } from '../../legal/defaults'
import { renderLegalBody } from '../../legal/render'
import { loadShopFacts } from '../../legal/shop-facts'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { found, refusalError } from '../refusals'
import { staffActor } from '../../data/audit'
import { adminRoute } from '../guarded-routes'

const Kind = z.object({ kind: z.enum(legalKinds).openapi({ param: { name: 'kind', in: 'path' } }) })

const PublishedVersion = z.object({
  version: z.number(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  requiresReconsent: z.boolean(),
  externalUrl: z.string().nullable(),
})

const LegalView = z
  .object({
    kind: z.enum(legalKinds),
    current: PublishedVersion.extend({ content: LegalContent.nullable() }).nullable(),
    draft: z
      .object({
        revision: z.number(),
        content: LegalContent.nullable(),
        externalUrl: z.string().nullable(),
        updatedAt: z.string(),
        /** What the draft still lacks before it can be published (`ja.operator.name`, ...). */
        missing: z.array(z.string()),
      })
      .nullable(),
    versions: z.array(PublishedVersion),
    /** The default text filled from the shop's settings: what a new draft starts from. */
    template: LegalContent,
  })
  .openapi('AdminLegalView')

const DraftRequest = z
  .object({
    revision: z
      .number()
      .int()
      .positive()
      .nullable()
      .openapi({ description: 'The draft revision edited; null for a new draft' }),
    content: LegalContent.nullable(),
    externalUrl: z.string().max(2000).nullable(),
  })
  .openapi('LegalDraftRequest')

const errors = {
  400: errorResponse('Invalid input (`legal_url_invalid`, `legal_content_missing`, `legal_incomplete`)'),
  404: errorResponse('No draft (`legal_draft_missing`)'),
  409: errorResponse('The draft changed since it was loaded (`legal_draft_changed`)'),
}

const getRoute = adminRoute('get', '/{kind}', {
  summary: 'A policy: its current version, draft, history, and the default text',
  request: { params: Kind },
  responses: { 200: jsonResponse('The policy', LegalView), 400: errorResponse('Unknown kind') },
})

const saveRoute = adminRoute('put', '/{kind}/draft', {
  summary: 'Save the draft: text in Japanese (and English), or the URL of the shop’s own page',
  request: { params: Kind, body: jsonBody(DraftRequest) },
  responses: { 200: jsonResponse('Saved', LegalView), ...errors },
})

const discardRoute = adminRoute('post', '/{kind}/draft/discard', {
  summary: 'Throw the draft away',
  request: { params: Kind, body: jsonBody(z.object({ revision: z.number().int().positive() })) },
  responses: { 200: jsonResponse('Discarded', LegalView), ...errors },
})

const previewRoute = adminRoute('post', '/{kind}/preview', {
  summary: 'The page as customers would see it, for text that is not saved yet',
  request: { params: Kind, body: jsonBody(z.object({ content: LegalContent, locale: z.enum(['ja', 'en']) })) },
  responses: { 200: jsonResponse('The page’s HTML (all text escaped)', z.object({ html: z.string() })), ...errors },
})

const publishRoute = adminRoute('post', '/{kind}/publish', {
  summary: 'Publish the draft as the next version',
  request: {
    params: Kind,
    body: jsonBody(
      z
        .object({
          revision: z.number().int().positive(),
          requiresReconsent: z.boolean().openapi({ description: 'A material change: members must agree again' }),
        })
        .openapi('LegalPublishRequest'),
    ),
  },
  responses: { 200: jsonResponse('Published', LegalView), ...errors },
})

function published(doc: LegalDocument) {
  return {
    version: doc.version!,
    publishedAt: doc.publishedAt!.toISOString(),
    publishedBy: doc.publishedBy!,
    requiresReconsent: doc.requiresReconsent,
    externalUrl: doc.externalUrl,
  }
}

const parsed = (content: unknown) => (content === null ? null : LegalContent.parse(content))

async function view(deps: AppDeps, kind: LegalKind): Promise<z.infer<typeof LegalView>> {
  const [current, draft, versions, facts] = await Promise.all([
    loadCurrentPolicies(deps.db),
    findDraft(deps.db, kind),
    listVersions(deps.db, kind),
    loadShopFacts(deps.db, deps.config.shopName),
  ])
  const doc = current[kind]
  const draftContent = draft ? parsed(draft.content) : null
  return {
    kind,
    current: doc ? { ...published(doc), content: parsed(doc.content) } : null,
    draft: draft
      ? {
          revision: draft.revision,
          content: draftContent,
          externalUrl: draft.externalUrl,
          updatedAt: draft.updatedAt.toISOString(),
          missing: draftContent ? missingItems(kind, draftContent) : [],
        }
      : null,
    versions: versions.map((v) => ({
      version: v.version!,
      publishedAt: v.publishedAt!.toISOString(),
      publishedBy: v.publishedBy!,
      requiresReconsent: v.requiresReconsent,
      externalUrl: v.externalUrl,
    })),
    template: defaultLegalContent(kind, facts),
  }
}

export const adminLegal = createRouter()
  .openapi(getRoute, async (c) => c.json(await view(c.var.shop, c.req.valid('param').kind), 200))
  .openapi(saveRoute, async (c) => {
    const { db, clock } = c.var.shop
    const { kind } = c.req.valid('param')
    const body = c.req.valid('json')
    const externalUrl = body.externalUrl?.trim() || null
    if (externalUrl !== null && !isExternalPolicyUrl(externalUrl))
      throw badRequest('legal_url_invalid', 'The page address must be a full https:// URL')
    if (externalUrl === null && body.content === null)
      throw badRequest('legal_content_missing', 'Give the text of the policy, or the address of the shop’s own page')
    const saved = await saveDraft(
      db,
      kind,
      { content: externalUrl === null ? body.content : null, externalUrl },
      body.revision,
      staffActor(c.var.staff),
      clock(),
    )
    found(saved)
    return c.json(await view(c.var.shop, kind), 200)
  })
  .openapi(discardRoute, async (c) => {
    const { kind } = c.req.valid('param')
    const { shop: deps } = c.var
    const refused = await discardDraft(
      deps.db,
      kind,
      c.req.valid('json').revision,
      staffActor(c.var.staff),
      deps.clock(),
    )
    if (refused) throw refusalError(refused)
    return c.json(await view(deps, kind), 200)
  })
  .openapi(previewRoute, async (c) => {
    const { db, config } = c.var.shop
    const { kind } = c.req.valid('param')
    const { content, locale } = c.req.valid('json')
    const body = content[locale] ?? content.ja
    const facts = await loadShopFacts(db, config.shopName)
    const html = await renderLegalBody({
      kind,
      locale: content[locale] ? locale : 'ja',
      body,
      versionLabel: String(((await loadCurrentPolicies(db))[kind]?.version ?? 0) + 1),
      publishedAt: null,
      timeZone: await c.var.shop.timeZone(),
      retention: facts.settings.retention,
    })
    return c.json({ html: html.toString() }, 200)
  })
  .openapi(publishRoute, async (c) => {
    const { shop: deps } = c.var
    const { kind } = c.req.valid('param')
    const { revision, requiresReconsent } = c.req.valid('json')
    const draft = await findDraft(deps.db, kind)
    if (!draft) throw refusalError(draftMissing())
    if (draft.revision !== revision)
      throw conflict('legal_draft_changed', 'The draft was changed by someone else: reload it and review it again')
    const content = parsed(draft.content)
    const missing = content ? missingItems(kind, content) : []
    if (missing.length > 0)
      throw badRequest('legal_incomplete', `The draft lacks required items: ${missing.join(', ')}`, { missing })
    found(await publishDraft(deps.db, kind, { revision, requiresReconsent }, staffActor(c.var.staff), deps.clock()))
    return c.json(await view(deps, kind), 200)
  })
