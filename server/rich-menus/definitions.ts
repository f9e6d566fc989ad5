// The two rich menus: guest (register / link / about) and member (card / points / reservations / settings).
import type { messagingApi } from '@line/bot-sdk'
import { liffUrl, type LiffUrlConfig } from '../liff-url'

export const richMenuSize = { width: 2500, height: 843 } as const

export interface MenuCell {
  ja: string
  en: string
  /** Page of the LIFF app the cell opens. */
  path: string
  icon: 'card' | 'coin' | 'calendar' | 'gear' | 'user-plus' | 'link' | 'shop'
}

export interface MenuSpec {
  kind: 'guest' | 'member'
  name: string
  chatBarText: string
  cells: MenuCell[]
  color: string
}

export const menuSpecs: Record<'guest' | 'member', MenuSpec> = {
  guest: {
    kind: 'guest',
    name: 'tsunagu-guest',
    chatBarText: 'メニュー',
    color: '#06c755',
    cells: [
      { ja: '会員登録', en: 'Register', path: '/register', icon: 'user-plus' },
      { ja: '会員証と連携', en: 'Link membership', path: '/account-link', icon: 'link' },
      { ja: 'ショップ案内', en: 'About the shop', path: '/about', icon: 'shop' },
    ],
  },
  member: {
    kind: 'member',
    name: 'tsunagu-member',
    chatBarText: '会員メニュー',
    color: '#0b7a4b',
    cells: [
      { ja: '会員証', en: 'Member card', path: '/', icon: 'card' },
      { ja: 'ポイント', en: 'Points', path: '/?section=points', icon: 'coin' },
      { ja: 'ご予約', en: 'Reservations', path: '/?section=reservations', icon: 'calendar' },
      { ja: '設定', en: 'Settings', path: '/settings', icon: 'gear' },
    ],
  },
}

/** The Messaging API request for a menu: equal-width cells side by side, each a URI action. */
export function richMenuRequest(spec: MenuSpec, config: LiffUrlConfig): messagingApi.RichMenuRequest {
  const width = Math.floor(richMenuSize.width / spec.cells.length)
  return {
    size: { ...richMenuSize },
    selected: true,
    name: spec.name,
    chatBarText: spec.chatBarText,
    areas: spec.cells.map((cell, i) => ({
      bounds: {
        x: i * width,
        y: 0,
        width: i === spec.cells.length - 1 ? richMenuSize.width - i * width : width,
        height: richMenuSize.height,
      },
      action: { type: 'uri', label: cell.ja, uri: liffUrl(config, cell.path) },
    })),
  }
}
