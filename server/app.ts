// Builds the whole Hono app from explicit dependencies; entry points (Node, Workers) only wire those.
import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import type { AppDeps, AppEnv } from './env'
import { ApiError, handleError, handleNotFound } from './errors'
import { requestLog } from './middleware/request-log'
import { accountLinkApi, accountLinkPages } from './routes/customer/account-link'
import { adminApiKeys } from './routes/admin/api-keys'
import { adminAudit } from './routes/admin/audit'
import { adminCampaigns } from './routes/admin/campaigns'
import { adminDashboard } from './routes/admin/dashboard'
import { adminImports } from './routes/admin/imports'
import { adminMemberRecords } from './routes/admin/member-records'
import { adminMembers } from './routes/admin/members'
import { adminSettings } from './routes/admin/settings'
import { adminStores } from './routes/admin/stores'
import { card } from './routes/customer/card'
import { health, readiness } from './routes/health'
import { legal } from './routes/legal'
import { link } from './routes/customer/link'
import { me } from './routes/customer/me'
import { publicConfig } from './routes/public-config'
import { register } from './routes/customer/register'
import { session } from './routes/customer/session'
import { staffCards } from './routes/staff/cards'
import { adminStaff } from './routes/admin/staff'
import { staffCheckout } from './routes/staff/checkout'
import { staffJoin } from './routes/staff/join'
import { staffTransactions } from './routes/staff/transactions'
import { webhook } from './routes/webhook'
import { adminReservations } from './routes/admin/reservations'
import { integrationReservations } from './routes/integration/reservations'

/** Largest JSON body the API accepts. */
export const apiBodyLimitBytes = 64 * 1024

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>()
  app.use('*', requestLog(deps))
  app.use('*', async (c, next) => {
    c.set('deps', deps)
    await next()
  })
  const apiBodyLimit = bodyLimit({
    maxSize: apiBodyLimitBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `Request bodies are limited to ${apiBodyLimitBytes} bytes`)
    },
  })
  // Only methods whose body the API reads: the limit's look at a body makes the Node adapter build a full Request,
  // which on a GET (the card's path) cost ~20 µs for nothing. CSV imports set a larger limit of their own.
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '/api/*', (c, next) =>
    c.req.path.startsWith('/api/admin/imports/') ? next() : apiBodyLimit(c, next),
  )

  app.route('/healthz', health)
  app.route('/readyz', readiness)
  app.route('/api/config', publicConfig)
  app.route('/api/session', session)
  app.route('/api/card', card)
  app.route('/api/staff/cards', staffCards)
  app.route('/api/staff/checkout', staffCheckout)
  app.route('/api/staff/transactions', staffTransactions)
  app.route('/api/staff/join', staffJoin)
  app.route('/api/admin', adminStaff)
  app.route('/webhook', webhook)
  app.route('/api/admin/reservations', adminReservations)
  app.route('/api/integration/reservations', integrationReservations)
  app.route('/api/link', link)
  app.route('/api/register', register)
  app.route('/api/me', me)
  app.route('/api/account-link', accountLinkApi)
  app.route('/api/admin/members', adminMembers)
  app.route('/api/admin/members', adminMemberRecords)
  app.route('/api/admin/campaigns', adminCampaigns)
  app.route('/api/admin/dashboard', adminDashboard)
  app.route('/api/admin/imports', adminImports)
  app.route('/api/admin/settings', adminSettings)
  app.route('/api/admin/audit', adminAudit)
  app.route('/api/admin/api-keys', adminApiKeys)
  app.route('/api/admin', adminStores)
  app.route('/account-link', accountLinkPages)
  app.route('/legal', legal)

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
