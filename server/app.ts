// Builds the whole Hono app from explicit dependencies; entry points (Node, Workers) only wire those.
import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import type { AppDeps, AppEnv } from './env'
import { ApiError, handleError, handleNotFound } from './errors'
import { card } from './routes/card'
import { health } from './routes/health'
import { publicConfig } from './routes/public-config'
import { session } from './routes/session'
import { staffCards } from './routes/staff-cards'
import { webhook } from './routes/webhook'

/** Largest JSON body the API accepts. */
export const apiBodyLimitBytes = 64 * 1024

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>()
  app.use('*', async (c, next) => {
    c.set('deps', deps)
    await next()
  })
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: apiBodyLimitBytes,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `Request bodies are limited to ${apiBodyLimitBytes} bytes`)
      },
    }),
  )

  app.route('/healthz', health)
  app.route('/api/config', publicConfig)
  app.route('/api/session', session)
  app.route('/api/card', card)
  app.route('/api/staff/cards', staffCards)
  app.route('/webhook', webhook)

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'http', scheme: 'bearer' })
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Tsunagu API', version: '0.1.0', description: 'LINE membership platform: members, points, reservations' },
  })

  app.onError(handleError)
  app.notFound(handleNotFound)
  return app
}

export type App = ReturnType<typeof createApp>
