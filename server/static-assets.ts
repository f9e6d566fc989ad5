// Serves the built LIFF app on Node: hashed assets cached for a year, every other page path gets index.html with the
// public config written into it (no GET /api/config round trip before LIFF can start).
// Text files are sent as the `.br` / `.gz` copies the Vite build writes beside them (vite.config.ts `precompress`);
// on Cloudflare the platform's asset serving compresses by itself and this module is not used (worker-page.ts).
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Context, Hono } from 'hono'
import type { AppEnv } from './env'
import { errorBody } from './errors'
import { withPublicConfig } from './public-page'
import { appPageHeaders } from './security-headers'
import { publicConfigOf } from './routes/public-config'

export const liffDist = fileURLToPath(new URL('../dist/liff', import.meta.url))

export function mountLiffApp(app: Hono<AppEnv>, distDir = liffDist): void {
  const root = relative(process.cwd(), distDir) || '.'
  const page = async (c: Context<AppEnv>) => {
    const file = `${distDir}/index.html`
    if (!existsSync(file)) {
      return c.json(errorBody('app_not_built', 'The LIFF app is not built yet: run `npm run build`'), 503)
    }
    c.header('Cache-Control', 'no-cache')
    const html = await readFile(file, 'utf8')
    const shop = c.var.shop
    const config = shop?.config
    // The shop's zone; TIME_ZONE when the settings cannot be read (the page still opens).
    const timeZone = shop && (await shop.timeZone().catch(() => shop.config.timeZone))
    const headers = await appPageHeaders(html, c.req.path, config ?? { sandbox: false, sandboxUrl: '' })
    for (const [name, value] of Object.entries(headers)) c.header(name, value)
    return c.html(config ? withPublicConfig(html, publicConfigOf(config, timeZone)) : html)
  }
  app.get('/', page)
  app.get('/index.html', page)
  app.use('/assets/*', async (c, next) => {
    await next()
    if (!c.res.ok) return
    c.header('Cache-Control', 'public, max-age=31536000, immutable')
    c.header('X-Content-Type-Options', 'nosniff')
    // Set even when the client took the plain file, so no shared cache hands that copy to everyone else.
    if (!c.res.headers.get('Vary')) c.header('Vary', 'Accept-Encoding')
  })
  app.use('*', serveStatic({ root, precompressed: true }))
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/assets/')) return next()
    return page(c)
  })
}
