// The channel's webhook settings: set and read the webhook URL, and LINE's webhook test (a signed empty event list).
import { Hono } from 'hono'
import { schemaCheck } from '../../line-openapi/schema-validator'
import type { WebhookSender } from '../../webhook-sender'
import { bodyErrors, lineError, readJson, type SandboxEnv } from '../context'

/** LINE takes only https webhook URLs; the sandbox also takes http on loopback, where the local rehearsal runs. */
function endpointProblem(url: string): string | null {
  const parsed = URL.parse(url)
  if (!parsed) return 'The webhook URL is not a valid URL'
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)
  return parsed.protocol === 'https:' || (loopback && parsed.protocol === 'http:')
    ? null
    : 'Invalid webhook endpoint URL'
}

/** `webhook` is looked up per request: the sandbox builds its webhook sender after the messaging API. */
export function webhookEndpointRoutes(webhook: () => WebhookSender | undefined): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.use(async (c, next) => {
    if (!webhook()) return lineError(c, 404, 'Not found')
    await next()
  })
  app.get('/v2/bot/channel/webhook/endpoint', (c) => {
    const { url, active } = webhook()!.endpoint
    return c.json({ endpoint: url, active })
  })
  app.put('/v2/bot/channel/webhook/endpoint', async (c) => {
    const parsed = await readJson(c)
    if (!parsed.ok) return parsed.response
    const issues = schemaCheck('messaging-api', 'SetWebhookEndpointRequest')(parsed.value)
    if (issues.length) return bodyErrors(c, issues)
    const { endpoint } = parsed.value as { endpoint: string }
    const problem = endpointProblem(endpoint)
    if (problem) return lineError(c, 400, problem)
    Object.assign(webhook()!.endpoint, { url: endpoint, active: true })
    return c.json({})
  })
  app.post('/v2/bot/channel/webhook/test', async (c) => {
    const parsed = await readJson(c)
    if (!parsed.ok) return parsed.response
    const issues = schemaCheck('messaging-api', 'TestWebhookEndpointRequest')(parsed.value)
    if (issues.length) return bodyErrors(c, issues)
    const url = (parsed.value as { endpoint?: string }).endpoint || webhook()!.endpoint.url
    const problem = endpointProblem(url)
    if (problem) return lineError(c, 400, problem)
    return c.json(await webhook()!.test(url))
  })
  return app
}
