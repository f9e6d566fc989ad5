import { describe, expect, it } from 'vitest'
import { inviteUrl } from '../../server/cli/invite-url'
import { liffUrl } from '../../server/liff-url'
import { menuSpecs, richMenuRequest } from '../../server/rich-menus/definitions'

const line = { sandbox: false, publicUrl: 'https://shop.example', line: { liffId: '2000000000-AbCdEfGh' } }
const sandbox = { ...line, sandbox: true }

describe('liffUrl: the one derived LIFF URL', () => {
  it('opens the card, or a path of the app, through LINE', () => {
    expect(liffUrl(line)).toBe('https://liff.line.me/2000000000-AbCdEfGh')
    expect(liffUrl(line, '/staff/join?code=x')).toBe('https://liff.line.me/2000000000-AbCdEfGh/staff/join?code=x')
  })

  it('opens the server itself in the sandbox', () => {
    expect(liffUrl(sandbox)).toBe('https://shop.example/')
    expect(liffUrl(sandbox, '/settings')).toBe('https://shop.example/settings')
  })

  it('is what rich-menu cells and the CLI invite use', () => {
    const uris = (richMenuRequest(menuSpecs.member, line).areas ?? []).map((a) => (a.action as { uri: string }).uri)
    expect(uris).toEqual(menuSpecs.member.cells.map((cell) => liffUrl(line, cell.path)))
    expect(uris.every((uri) => uri.startsWith('https://liff.line.me/2000000000-AbCdEfGh'))).toBe(true)
    expect(inviteUrl({ LIFF_ID: line.line.liffId }, 'a+b')).toBe(liffUrl(line, '/staff/join?code=a%2Bb'))
    expect(inviteUrl({ PUBLIC_URL: 'https://shop.example/' }, 'c')).toBe(liffUrl(sandbox, '/staff/join?code=c'))
  })
})
