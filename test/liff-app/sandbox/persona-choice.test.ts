import { describe, expect, it } from 'vitest'
import { resolvePersona, urlWithoutPersona } from '../../../liff-app/src/sandbox/persona-choice'

const personas = [
  { key: 'customer', lineUserId: 'U1', displayName: '山田 花子', description: '' },
  { key: 'staff', lineUserId: 'U2', displayName: '鈴木 店員', description: '' },
]

describe('resolvePersona', () => {
  it('prefers ?persona= over the remembered choice', () => {
    expect(resolvePersona(personas, 'staff', 'customer')?.key).toBe('staff')
  })

  it('uses the remembered choice when there is no query', () => {
    expect(resolvePersona(personas, null, 'customer')?.key).toBe('customer')
  })

  it('ignores unknown keys so the picker is shown', () => {
    expect(resolvePersona(personas, 'ghost', 'gone')).toBeNull()
  })
})

describe('urlWithoutPersona', () => {
  it('drops only the persona parameter', () => {
    expect(urlWithoutPersona('https://x.test/?persona=customer&a=1#h')).toBe('https://x.test/?a=1#h')
  })
})
