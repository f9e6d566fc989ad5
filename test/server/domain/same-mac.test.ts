import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { macText, sameMac } from '../../../server/domain/same-mac'

const mac = (message: string) => new Uint8Array(createHmac('sha256', 'secret').update(message).digest())

describe('sameMac', () => {
  const expected = mac('payload')
  const text = createHmac('sha256', 'secret').update('payload').digest('base64url')

  it('spells a MAC as unpadded base64url, for a whole buffer and a view into one', () => {
    expect(macText(expected)).toBe(text)
    expect(macText(expected.subarray(0, 16))).toBe(Buffer.from(expected.subarray(0, 16)).toString('base64url'))
    expect(macText(expected.subarray(4, 20))).toBe(Buffer.from(expected.subarray(4, 20)).toString('base64url'))
  })

  it('accepts the expected MAC in its canonical spelling', () => {
    expect(sameMac(expected, text)).toBe(true)
    expect(sameMac(expected.subarray(0, 16), macText(expected.subarray(0, 16)))).toBe(true)
  })

  it('refuses another MAC, a change in any one character, and another length', () => {
    expect(sameMac(mac('other'), text)).toBe(false)
    for (let i = 0; i < text.length; i++) {
      const changed = `${text.slice(0, i)}${text[i] === 'A' ? 'B' : 'A'}${text.slice(i + 1)}`
      expect(sameMac(expected, changed)).toBe(false)
    }
    expect(sameMac(expected, text.slice(0, -1))).toBe(false)
    expect(sameMac(expected, `${text}A`)).toBe(false)
    expect(sameMac(expected, '')).toBe(false)
  })

  it('refuses other spellings of the same bytes: padded, standard base64, non-zero spare bits', () => {
    const short = expected.subarray(0, 16) // 22 characters, the last carrying 4 spare bits
    const canonical = macText(short)
    expect(sameMac(short, `${canonical}==`)).toBe(false)
    expect(sameMac(expected, Buffer.from(expected).toString('base64'))).toBe(false)
    const last = canonical.at(-1)!
    const spare = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const sibling = spare[spare.indexOf(last) ^ 1]!
    expect(Buffer.from(canonical.slice(0, -1) + sibling, 'base64url')).toEqual(Buffer.from(short))
    expect(sameMac(short, canonical.slice(0, -1) + sibling)).toBe(false)
  })

  it('refuses a text of the right length with characters outside ASCII', () => {
    expect(sameMac(expected, `${text.slice(0, -1)}\u0100`)).toBe(false)
  })
})
