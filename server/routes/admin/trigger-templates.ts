// The console's templates of the EC site's trigger messages (orders, cart reminders, saved items): each kind's ja/en
// texts with its defaults and placeholders, saving them, and a test message to the admin's own LINE account.
// The cart reminder's delay is a shop setting (PUT /api/admin/settings, `commerce`).
import { z } from '@hono/zod-openapi'
import { triggerKinds } from '../../domain/triggers/kinds'
import { staffActor } from '../../data/audit'
import { loadTriggerTemplates } from '../../data/commerce'
import { multiLine, singleLine } from '../../domain/free-text'
import { defaultTriggerTexts, triggerPlaceholders, triggerTextLimits } from '../../domain/triggers/templates'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { saveTriggerTemplate, sendTriggerTest } from '../../usecases/trigger-templates'
import { accepted } from '../refusals'
import { adminRoute } from '../guarded-routes'

const Texts = z
  .object({
    title: singleLine(z.string().min(1).max(triggerTextLimits.title)),
    body: multiLine(z.string().min(1).max(triggerTextLimits.body)),
    button: singleLine(z.string().min(1).max(triggerTextLimits.button)),
  })
  .strict()
  .openapi('TriggerTexts')
const Localized = z.object({ ja: Texts, en: Texts }).strict().openapi('TriggerTextsByLanguage')

export const TriggerTemplate = z
  .object({
    kind: z.enum(triggerKinds),
    placeholders: z.array(z.string()),
    texts: Localized,
    defaults: Localized,
  })
  .openapi('TriggerTemplate')

const kindParam = z.object({ kind: z.enum(triggerKinds).openapi({ param: { name: 'kind', in: 'path' } }) })

export const listRoute = adminRoute('get', '/', {
  summary: 'Every trigger message’s texts (saved, else the defaults)',
  responses: { 200: jsonResponse('Templates', z.object({ templates: z.array(TriggerTemplate) })) },
})

const saveRoute = adminRoute('put', '/{kind}', {
  summary: 'Save a trigger message’s ja/en texts',
  request: { params: kindParam, body: jsonBody(Localized) },
  responses: {
    200: jsonResponse('Saved', TriggerTemplate),
    400: errorResponse('Invalid input, `unknown_placeholder`'),
  },
})

const testRoute = adminRoute('post', '/{kind}/test', {
  summary: 'Send the message with these texts and sample values to yourself',
  request: {
    params: kindParam,
    body: jsonBody(z.object({ locale: z.enum(['ja', 'en']), texts: Texts }).strict()),
  },
  responses: {
    202: jsonResponse('Queued', z.object({ queued: z.literal(true) })),
    400: errorResponse('Invalid input, `unknown_placeholder`'),
  },
})

const view = (kind: (typeof triggerKinds)[number], texts: z.infer<typeof Localized>) => ({
  kind,
  placeholders: [...triggerPlaceholders[kind]],
  texts,
  defaults: defaultTriggerTexts[kind],
})

export const adminTriggerTemplates = createRouter()
  .openapi(listRoute, async (c) => {
    const all = await loadTriggerTemplates(c.var.shop.db)
    return c.json({ templates: triggerKinds.map((kind) => view(kind, all[kind])) }, 200)
  })
  .openapi(saveRoute, async (c) => {
    const { kind } = c.req.valid('param')
    const texts = c.req.valid('json')
    accepted(await saveTriggerTemplate(c.var.shop, { kind, texts, actor: staffActor(c.var.staff) }))
    return c.json(view(kind, texts), 200)
  })
  .openapi(testRoute, async (c) => {
    const { kind } = c.req.valid('param')
    const { locale, texts } = c.req.valid('json')
    accepted(await sendTriggerTest(c.var.shop, { kind, locale, texts, lineUserId: c.var.session.lineUserId }))
    return c.json({ queued: true as const }, 202)
  })
