// Rich menus: create, upload image, default menu, per-user links, aliases, list and delete.
import { Hono, type Context } from 'hono'
import { schemaCheck } from '../../line-openapi/schema-validator'
import { bodyErrors, lineError, randomToken, readJson, type SandboxEnv, type SandboxState } from '../context'
import type { RichMenu } from '../record'

const imageTypes = new Set(['image/jpeg', 'image/png'])
const maxImageBytes = 1024 * 1024

function publicMenu({ image: _image, ...menu }: RichMenu): Omit<RichMenu, 'image'> {
  return menu
}

/** A menu that exists and has an image, or the error LINE answers. */
function usableMenu(c: Context, state: SandboxState, richMenuId: string): Response | null {
  const menu = state.record.richMenus.get(richMenuId)
  if (!menu) return lineError(c, 404, 'Not found')
  if (!menu.image) return lineError(c, 400, 'must upload richmenu image before applying it to user')
  return null
}

export function richMenuRoutes(state: SandboxState): Hono<SandboxEnv> {
  const { record } = state
  const app = new Hono<SandboxEnv>()

  app.post('/v2/bot/richmenu', async (c) => {
    const parsed = await readJson(c)
    if (!parsed.ok) return parsed.response
    const issues = schemaCheck('messaging-api', 'RichMenuRequest')(parsed.value)
    if (issues.length) return bodyErrors(c, issues)
    const body = parsed.value as Partial<RichMenu>
    const richMenuId = `richmenu-${randomToken(16).replace(/[^a-zA-Z0-9]/g, '0')}`
    record.richMenus.set(richMenuId, {
      richMenuId,
      size: body.size ?? { width: 2500, height: 1686 },
      selected: body.selected ?? false,
      name: body.name ?? '',
      chatBarText: body.chatBarText ?? '',
      areas: body.areas ?? [],
    })
    return c.json({ richMenuId })
  })

  app.get('/v2/bot/richmenu/list', (c) => c.json({ richmenus: [...record.richMenus.values()].map(publicMenu) }))

  app.post('/v2/bot/richmenu/alias', async (c) => {
    const parsed = await readJson(c)
    if (!parsed.ok) return parsed.response
    const issues = schemaCheck('messaging-api', 'CreateRichMenuAliasRequest')(parsed.value)
    if (issues.length) return bodyErrors(c, issues)
    const { richMenuAliasId, richMenuId } = parsed.value as { richMenuAliasId: string; richMenuId: string }
    if (!record.richMenus.has(richMenuId)) return lineError(c, 400, 'richmenu not found')
    if (record.richMenuAliases.has(richMenuAliasId)) return lineError(c, 400, 'conflict richmenu alias id')
    record.richMenuAliases.set(richMenuAliasId, richMenuId)
    return c.json({})
  })

  app.get('/v2/bot/richmenu/alias/list', (c) =>
    c.json({
      aliases: [...record.richMenuAliases].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId })),
    }),
  )

  app.get('/v2/bot/richmenu/alias/:aliasId', (c) => {
    const richMenuId = record.richMenuAliases.get(c.req.param('aliasId'))
    return richMenuId ? c.json({ richMenuAliasId: c.req.param('aliasId'), richMenuId }) : lineError(c, 404, 'Not found')
  })

  app.delete('/v2/bot/richmenu/alias/:aliasId', (c) =>
    record.richMenuAliases.delete(c.req.param('aliasId')) ? c.json({}) : lineError(c, 404, 'Not found'),
  )

  app.post('/v2/bot/richmenu/:richMenuId/content', async (c) => {
    const menu = record.richMenus.get(c.req.param('richMenuId'))
    if (!menu) return lineError(c, 404, 'Not found')
    const contentType = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (!imageTypes.has(contentType)) return lineError(c, 415, 'Unsupported Media Type')
    if (menu.image) return lineError(c, 400, 'An image has already been uploaded to the richmenu')
    const data = new Uint8Array(await c.req.arrayBuffer())
    const bytes = data.byteLength
    if (bytes === 0 || bytes > maxImageBytes) return lineError(c, 400, 'The image size must be between 1 byte and 1 MB')
    menu.image = { contentType, bytes }
    record.richMenuImages.set(menu.richMenuId, data)
    return c.json({})
  })

  app.get('/v2/bot/richmenu/:richMenuId', (c) => {
    const menu = record.richMenus.get(c.req.param('richMenuId'))
    return menu ? c.json(publicMenu(menu)) : lineError(c, 404, 'Not found')
  })

  app.delete('/v2/bot/richmenu/:richMenuId', (c) => {
    const id = c.req.param('richMenuId')
    if (!record.richMenus.delete(id)) return lineError(c, 404, 'Not found')
    record.richMenuImages.delete(id)
    if (record.defaultRichMenuId === id) record.defaultRichMenuId = null
    for (const [user, linked] of record.userRichMenus) if (linked === id) record.userRichMenus.delete(user)
    for (const [alias, linked] of record.richMenuAliases) if (linked === id) record.richMenuAliases.delete(alias)
    return c.json({})
  })

  app.post('/v2/bot/user/all/richmenu/:richMenuId', (c) => {
    const id = c.req.param('richMenuId')
    const problem = usableMenu(c, state, id)
    if (problem) return problem
    record.defaultRichMenuId = id
    return c.json({})
  })

  app.get('/v2/bot/user/all/richmenu', (c) =>
    record.defaultRichMenuId
      ? c.json({ richMenuId: record.defaultRichMenuId })
      : lineError(c, 404, 'no default richmenu'),
  )

  app.delete('/v2/bot/user/all/richmenu', (c) => {
    record.defaultRichMenuId = null
    return c.json({})
  })

  app.post('/v2/bot/user/:userId/richmenu/:richMenuId', (c) => {
    const problem = usableMenu(c, state, c.req.param('richMenuId'))
    if (problem) return problem
    record.userRichMenus.set(c.req.param('userId'), c.req.param('richMenuId'))
    return c.json({})
  })

  app.get('/v2/bot/user/:userId/richmenu', (c) => {
    const richMenuId = record.userRichMenus.get(c.req.param('userId'))
    return richMenuId ? c.json({ richMenuId }) : lineError(c, 404, 'the user has no richmenu')
  })

  app.delete('/v2/bot/user/:userId/richmenu', (c) => {
    record.userRichMenus.delete(c.req.param('userId'))
    return c.json({})
  })

  return app
}
