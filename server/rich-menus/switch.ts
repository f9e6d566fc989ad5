// Shows a LINE user the member or guest rich menu. Best effort: a LINE failure is logged, never fails the link.
import type { AppDeps } from '../env'
import { loadRichMenuIds } from './ids'

export async function showRichMenu(deps: AppDeps, lineUserId: string, kind: 'guest' | 'member'): Promise<void> {
  try {
    const ids = await loadRichMenuIds(deps.db)
    if (kind === 'member') {
      if (!ids) return console.warn('rich menus are not set up (npm run richmenu:setup): the member menu was not shown')
      await deps.line.messaging.linkRichMenuIdToUser(lineUserId, ids.member)
    } else {
      // Without a per-user menu LINE shows the default one, which is the guest menu.
      await deps.line.messaging.unlinkRichMenuIdFromUser(lineUserId)
    }
  } catch (err) {
    console.error(`rich menu: could not show the ${kind} menu to ${lineUserId}`, err)
  }
}
