// Creates the guest and member rich menus in the configured channel, uploads their images, makes the guest menu
// the default and stores both ids. `ensureRichMenus` does this only when the stored menus are missing.
import type { Database } from '../../db/client'
import type { Config } from '../config'
import type { LinePlatform } from '../line/platform'
import { menuSpecs, richMenuRequest, type MenuSpec } from './definitions'
import { loadRichMenuIds, saveRichMenuIds, type RichMenuIds } from './ids'
import { renderRichMenuPng } from './image'

export interface RichMenuDeps {
  config: Config
  db: Database
  line: LinePlatform
  clock: () => Date
}

async function createMenu(deps: RichMenuDeps, spec: MenuSpec): Promise<string> {
  const { richMenuId } = await deps.line.messaging.createRichMenu(richMenuRequest(spec, deps.config))
  const png = renderRichMenuPng(spec)
  await deps.line.blob.setRichMenuImage(richMenuId, new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }))
  return richMenuId
}

/** Creates both menus anew (old ones are deleted) and sets the guest menu as the default. */
export async function setUpRichMenus(deps: RichMenuDeps): Promise<RichMenuIds> {
  const previous = await loadRichMenuIds(deps.db)
  const ids = { guest: await createMenu(deps, menuSpecs.guest), member: await createMenu(deps, menuSpecs.member) }
  await deps.line.messaging.setDefaultRichMenu(ids.guest)
  await saveRichMenuIds(deps.db, ids, 'system:richmenu-setup', deps.clock())
  for (const old of previous ? [previous.guest, previous.member] : []) {
    await deps.line.messaging.deleteRichMenu(old).catch(() => undefined)
  }
  return ids
}

/** Sets the menus up unless the stored ones still exist in the channel. */
export async function ensureRichMenus(deps: RichMenuDeps): Promise<RichMenuIds> {
  const stored = await loadRichMenuIds(deps.db)
  if (stored) {
    try {
      await deps.line.messaging.getRichMenu(stored.guest)
      await deps.line.messaging.getRichMenu(stored.member)
      return stored
    } catch {
      // missing (e.g. a fresh sandbox): create them again
    }
  }
  return setUpRichMenus(deps)
}
