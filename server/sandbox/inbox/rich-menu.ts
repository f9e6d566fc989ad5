// The rich menu a user sees under the chat, as LINE shows it: their own linked menu, else the channel's default;
// its image with each area a tap target that performs the area's action (domain/flex/button.ts).
import type { RichMenu, SandboxRecord } from '../messaging/record'
import { renderAction } from '../../domain/flex/button'
import { html, type Html } from '../../domain/flex/html'
import type { ActionTarget } from '../../domain/flex/types'

interface Area {
  bounds: { x: number; y: number; width: number; height: number }
  action: Record<string, unknown>
}

/** The menu LINE shows `userId`: a switch they made (richmenuswitch), their linked menu, else the default. */
export function shownMenu(record: SandboxRecord, userId: string, switched?: string): RichMenu | undefined {
  for (const id of [switched, record.userRichMenus.get(userId), record.defaultRichMenuId]) {
    const menu = id ? record.richMenus.get(id) : undefined
    if (menu?.image) return menu
  }
  return undefined
}

const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(3)}%`

export function renderRichMenu(menu: RichMenu, imagePath: string, target: ActionTarget): Html {
  const { width, height } = menu.size
  const areas = (menu.areas as Area[]).map((area, i) => {
    const b = area.bounds
    const place = `left:${pct(b.x, width)};top:${pct(b.y, height)};width:${pct(b.width, width)};height:${pct(b.height, height)}`
    const label = typeof area.action.label === 'string' ? area.action.label : `${i + 1}`
    return renderAction(
      area.action,
      html`<span class="rm-label">${label}</span>`,
      target,
      'rm-area',
      `position:absolute;${place}`,
    )
  })
  return html`<details class="richmenu" ${menu.selected ? 'open' : ''} data-rich-menu-id="${menu.richMenuId}">
    <summary>${menu.chatBarText || 'メニュー'}</summary>
    <div class="rm-image" style="aspect-ratio:${width} / ${height}">
      <img src="${imagePath}/${menu.richMenuId}" alt="" />${areas}
    </div>
  </details>`
}
