// GET /legal/terms and /legal/privacy: the current version (or `?version=N`) in one language (`?lang=ja|en`, else
// the browser's), with its version and effective date; a version that points to the shop's own page redirects there.
import { Hono, type Context } from 'hono'
import type { LegalKind } from '../../db/schema'
import { findPublishedVersion, loadCurrentPolicies } from '../data/legal-documents'
import { policyPaths, policyVersionLabel } from '../domain/consent'
import { LegalContent } from '../domain/legal-document'
import type { AppEnv } from '../env'
import { defaultLegalContent } from '../legal/defaults'
import { legalTitle, renderLegalBody, type Locale } from '../legal/render'
import { loadShopFacts } from '../legal/shop-facts'
import { messagePage, page } from '../linking/page'

/** `?lang=` when given, else the first language the browser asks for; Japanese unless that is English. */
function pageLocale(c: Context<AppEnv>): Locale {
  const asked = c.req.query('lang') ?? c.req.header('accept-language') ?? ''
  return asked.trim().toLowerCase().startsWith('en') ? 'en' : 'ja'
}

async function show(c: Context<AppEnv>, kind: LegalKind) {
  const { db, config } = c.var.shop
  const current = (await loadCurrentPolicies(db))[kind]
  const asked = c.req.query('version')
  let doc = current
  if (asked !== undefined && asked !== String(current?.version ?? '')) {
    doc = /^[1-9]\d{0,8}$/.test(asked) ? await findPublishedVersion(db, kind, Number(asked)) : undefined
    if (!doc) {
      c.status(404)
      return c.html(
        messagePage(
          config.shopName,
          { ja: 'この版はありません', en: 'No such version' },
          { ja: '最新の版をご覧ください。', en: 'Please see the current version.' },
        ),
      )
    }
  }
  if (doc?.externalUrl) return c.redirect(doc.externalUrl, 302)
  const facts = await loadShopFacts(db, config.shopName)
  const content = doc ? LegalContent.parse(doc.content) : defaultLegalContent(kind, facts)
  const wanted = pageLocale(c)
  const locale: Locale = content[wanted] ? wanted : 'ja'
  const query = (lang: Locale) => `?${doc && doc !== current ? `version=${doc.version}&` : ''}lang=${lang}`
  const other: Locale = locale === 'ja' ? 'en' : 'ja'
  return c.html(
    page(
      `${legalTitle(kind, locale)} | ${config.shopName}`,
      renderLegalBody({
        kind,
        locale,
        body: content[locale]!,
        versionLabel: policyVersionLabel(doc?.version),
        publishedAt: doc?.publishedAt ?? null,
        timeZone: await c.var.shop.timeZone(),
        retention: facts.settings.retention,
        currentPath: doc !== current ? `${policyPaths[kind]}?lang=${locale}` : undefined,
        otherLanguagePath: content[other] ? `${policyPaths[kind]}${query(other)}` : undefined,
      }),
      locale,
    ),
  )
}

export const legal = new Hono<AppEnv>()
  .get('/terms', (c) => show(c, 'terms'))
  .get('/privacy', (c) => show(c, 'privacy'))
