// Builds the whole Hono app from explicit dependencies; entry points (Node, Workers) only wire those.
import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppDeps, AppEnv } from './env'
import { handleError, handleNotFound } from './errors'
import { bodyMethods, formBodyLimitBytes, limitBodies, sandboxBodyLimitBytes } from './middleware/body-limit'
import { serverPageHeaders } from './security-headers'
import { createShop, singleShop, type ShopResolver } from './shop'
import { limitPerClient, limitPerUser } from './middleware/rate-limit'
import { requireSession } from './middleware/session'
import { readSession } from './middleware/read-session'
import { requestLog } from './middleware/request-log'
import { accountLinkApi, accountLinkPages } from './routes/customer/account-link'
import { adminApiKeys } from './routes/admin/api-keys'
import { adminAudit } from './routes/admin/audit'
import { adminCampaigns } from './routes/admin/campaigns'
import { adminCoupons } from './routes/admin/coupons'
import { adminScenarios } from './routes/admin/scenarios'
import { adminDashboard } from './routes/admin/dashboard'
import { adminReports } from './routes/admin/reports'
import { adminImports, importBodyLimitBytes } from './routes/admin/imports'
import { adminLegal } from './routes/admin/legal'
import { adminMemberRecords } from './routes/admin/member-records'
import { myFields } from './routes/customer/member-fields'
import { adminMemberAnswers, adminMemberFields } from './routes/admin/member-fields'
import { adminMembers } from './routes/admin/members'
import { adminSettings } from './routes/admin/settings'
import { adminStores } from './routes/admin/stores'
import { adminTriggerTemplates } from './routes/admin/trigger-templates'
import { adminWebhookEvents } from './routes/admin/webhook-events'
import { adminWebhookForwards } from './routes/admin/webhook-forwards'
import { adminOutgoingWebhooks } from './routes/admin/outgoing-webhooks'
import { card } from './routes/customer/card'
import { clickRedirect } from './routes/click-redirect'
import { customerCoupons } from './routes/customer/coupons'
import { cardChanges } from './routes/customer/card-changes'
import { consent } from './routes/customer/consent'
import { health, readiness } from './routes/health'
import { legal } from './routes/legal'
import { link } from './routes/customer/link'
import { me } from './routes/customer/me'
import { profile } from './routes/customer/profile'
import { publicConfig } from './routes/public-config'
import { register } from './routes/customer/register'
import { session } from './routes/customer/session'
import { staffCards } from './routes/staff/cards'
import { adminStaff } from './routes/admin/staff'
import { staffCheckout } from './routes/staff/checkout'
import { staffCoupons } from './routes/staff/coupons'
import { staffRedeemApprovals } from './routes/staff/redeem-approvals'
import { staffJoin } from './routes/staff/join'
import { staffTransactions } from './routes/staff/transactions'
import { webhook, webhookBodyLimitBytes } from './routes/webhook'
import { adminReservations } from './routes/admin/reservations'
import { sandboxReset } from './routes/sandbox-reset'
import { integrationMembers } from './routes/integration/members'
import { integrationPurchases } from './routes/integration/purchases'
import { integrationReservations } from './routes/integration/reservations'
import { integrationCarts } from './routes/integration/carts'
import { integrationOrders } from './routes/integration/orders'

/** Largest JSON body the API accepts. */
export const apiBodyLimitBytes = 64 * 1024

/**
 * The app over `deps`; `resolveShop` says which shop each request is for (by default the one shop `deps` wire, with
 * its own settings and caches).
 */
export function createApp(deps: AppDeps, resolveShop: ShopResolver = singleShop(createShop(deps))) {
  const app = new OpenAPIHono<AppEnv>()
  app.use('*', requestLog(deps))
  app.use('*', async (c, next) => {
    const shop = resolveShop(c)
    c.set('shop', shop instanceof Promise ? await shop : shop)
    await next()
  })
  // Every request with a body passes one limit, so no route can read a body without one: the JSON API's by default,
  // larger ones named here. Only methods with a body: the limit's look at a body makes the Node adapter build a full
  // Request, which on a GET (the card's path) cost ~20 µs for nothing.
  app.on(
    bodyMethods,
    '*',
    limitBodies(
      [
        { path: '/webhook/line', maxBytes: webhookBodyLimitBytes },
        { path: '/api/admin/imports/*', maxBytes: importBodyLimitBytes },
        { path: '/api/admin/reservations/import', maxBytes: importBodyLimitBytes },
        { path: '/account-link/*', maxBytes: formBodyLimitBytes },
        // Served on this app by the Node server in sandbox mode; the sandbox's apps check the same limit themselves.
        ...(deps.config.sandbox
          ? [
              { path: '/sandbox/*', maxBytes: sandboxBodyLimitBytes },
              { path: '/v2/*', maxBytes: sandboxBodyLimitBytes },
            ]
          : []),
      ],
      apiBodyLimitBytes,
    ),
  )

  // Answers that carry credentials or a member's data are never stored: the session exchange here, every route behind
  // a session or an API key in its middleware (server/middleware/).
  app.post('/api/session', (c, next) => {
    c.header('Cache-Control', 'no-store')
    return next()
  })
  const pageHeaders = Object.entries(serverPageHeaders(deps.config))
  for (const pages of ['/legal/*', '/account-link/*'])
    app.use(pages, (c, next) => {
      for (const [name, value] of pageHeaders) c.header(name, value)
      return next()
    })

  // Request limits (server/rate-limit/rules.ts). POST /api/session counts per user in its handler, where the user is
  // known; the account-link login form counts in its own (it answers HTML). GET /api/card, the hot path, is not limited;
  // its long-poll is, per user, against a client that re-arms it without pause.
  app.post('/api/session', limitPerClient('sessionPerClient'))
  app.get('/api/card/changes', requireSession, limitPerUser('cardChangesPerUser'))
  app.use(
    '/api/account-link/*',
    limitPerClient('accountLinkPerClient'),
    requireSession,
    limitPerUser('accountLinkPerUser'),
  )
  for (const [method, path] of [
    ['POST', '/api/staff/cards/*'],
    ['GET', '/api/staff/checkout/members/*'],
    ['POST', '/api/staff/coupons/verify'],
  ] as const)
    app.on(method, path, limitPerClient('staffCardsPerClient'), requireSession, limitPerUser('staffCardsPerUser'))

  // Customer requests read near the customer on Workers (D1 replicas), never behind what they already saw. Not
  // mounted on Node (no replicas): the card's hot path keeps its middleware count.
  if (deps.openSession) {
    const inSession = readSession(deps.openSession)
    for (const path of ['/api/session', '/api/card/*', '/api/me/*', '/api/consent/*', '/api/link/*', '/api/register/*'])
      app.use(path, inSession)
  }

  app.route('/healthz', health)
  app.route('/readyz', readiness)
  app.route('/api/config', publicConfig)
  app.route('/api/session', session)
  app.route('/api/card/changes', cardChanges)
  app.route('/api/card', card)
  app.route('/api/coupons', customerCoupons)
  app.route('/api/staff/cards', staffCards)
  app.route('/api/staff/checkout', staffCheckout)
  app.route('/api/staff/coupons', staffCoupons)
  app.route('/api/staff/redeem-approvals', staffRedeemApprovals)
  app.route('/api/staff/transactions', staffTransactions)
  app.route('/api/staff/join', staffJoin)
  app.route('/api/admin', adminStaff)
  app.route('/webhook', webhook)
  app.route('/api/admin/reservations', adminReservations)
  app.route('/api/integration/reservations', integrationReservations)
  app.route('/api/integration/orders', integrationOrders)
  app.route('/api/integration', integrationCarts)
  app.route('/api/integration/purchases', integrationPurchases)
  app.route('/api/integration/members', integrationMembers)
  app.route('/api/link', link)
  app.route('/api/register', register)
  app.route('/api/me', me)
  app.route('/api/me/profile', profile)
  app.route('/api/me/fields', myFields)
  app.route('/api/consent', consent)
  app.route('/api/account-link', accountLinkApi)
  app.route('/api/admin/members', adminMembers)
  app.route('/api/admin/members', adminMemberRecords)
  app.route('/api/admin/members', adminMemberAnswers)
  app.route('/api/admin/fields', adminMemberFields)
  app.route('/api/admin/campaigns', adminCampaigns)
  app.route('/api/admin/coupons', adminCoupons)
  app.route('/api/admin/scenarios', adminScenarios)
  app.route('/api/admin/dashboard', adminDashboard)
  app.route('/api/admin/reports', adminReports)
  app.route('/api/admin/imports', adminImports)
  app.route('/api/admin/settings', adminSettings)
  app.route('/api/admin/audit', adminAudit)
  app.route('/api/admin/legal', adminLegal)
  app.route('/api/admin/api-keys', adminApiKeys)
  app.route('/api/admin/webhook-events', adminWebhookEvents)
  app.route('/api/admin/webhook-forwards', adminWebhookForwards)
  app.route('/api/admin/outgoing-webhooks', adminOutgoingWebhooks)
  app.route('/api/admin/trigger-templates', adminTriggerTemplates)
  app.route('/api/admin', adminStores)
  app.route('/account-link', accountLinkPages)
  app.route('/legal', legal)
  app.route('/r', clickRedirect)
  if (deps.config.sandbox) app.route('/api/sandbox/reset', sandboxReset)

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'http', scheme: 'bearer' })
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'API key for the shop’s own systems',
  })
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Tsunagu API',
      version: '0.1.0',
      description: 'LINE membership platform: members, points, reservations',
    },
  })

  app.onError(handleError)
  app.notFound(handleNotFound)
  return app
}

export type App = ReturnType<typeof createApp>
