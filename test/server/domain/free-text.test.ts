import fc from 'fast-check'
import { z } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { multiLine, refusedCharacter, singleLine } from '../../../server/domain/free-text'

/** The rule written out by code point, apart from the module's regular expression. */
function refusedCodePoint(cp: number, multiline: boolean): boolean {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return !multiline
  return (
    cp <= 0x1f ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    (cp >= 0xfdd0 && cp <= 0xfdef) ||
    (cp & 0xfffe) === 0xfffe
  )
}
const oracle = (text: string, multiline: boolean) =>
  [...text].some((ch) => refusedCodePoint(ch.codePointAt(0)!, multiline))

/** Any code point (lone surrogates included), weighted towards the edges of the refused ranges. */
const anyCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
  fc
    .constantFrom(0, 8, 9, 10, 11, 13, 31, 32, 0x7e, 0x7f, 0x9f, 0xa0, 0x200e, 0x202a, 0x202e, 0x2066, 0x2069, 0x206a)
    .map((cp) => String.fromCodePoint(cp)),
  fc
    .constantFrom(
      0xd7ff,
      0xd800,
      0xdbff,
      0xdc00,
      0xdfff,
      0xe000,
      0xfdcf,
      0xfdd0,
      0xfdef,
      0xfdf0,
      0xfffd,
      0xfffe,
      0xffff,
      0x1fffe,
      0x10ffff,
    )
    .map((cp) => String.fromCodePoint(cp)),
  fc.constantFrom('山', '田', 'ア', 'a', ' ', '😀'),
)
const text = fc.string({ unit: anyCharacter, maxLength: 12 })

describe('free text', () => {
  it('refuses NUL, other C0 controls, DEL, C1, lone surrogates, noncharacters and bidi overrides', () => {
    for (const ch of [
      '\u0000',
      '\u001b',
      '\u007f',
      '\u0085',
      '\ud800',
      '\udc00',
      '\ufffe',
      '\u{10ffff}',
      '\u202e',
      '\u2067',
    ]) {
      expect([ch, refusedCharacter(`ab${ch}`, true)?.at]).toEqual([ch, 2])
    }
  })

  it('allows tab and line breaks only in fields with lines', () => {
    expect(refusedCharacter('一行目\r\n\t二行目', true)).toBeNull()
    expect(refusedCharacter('一行目\n二行目')).toEqual({ at: 3, codePoint: 'U+000A' })
  })

  it('lets Japanese text, emoji (paired surrogates), no-break spaces and LRM marks through', () => {
    expect(refusedCharacter('山田 花子\u3000😀\u00a0\u200e(株)①', false)).toBeNull()
  })

  it('agrees with the rule written out by code point, for any string', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (s, multiline) => {
        expect(refusedCharacter(s, multiline) !== null).toBe(oracle(s, multiline))
      }),
      { numRuns: 2000 },
    )
  })

  it('reports the first refused character wherever it sits', () => {
    const clean = text.filter((s) => !oracle(s, false))
    const bad = anyCharacter.filter((ch) => refusedCodePoint(ch.codePointAt(0)!, false))
    fc.assert(
      fc.property(clean, bad, text, (before, ch, after) => {
        // A lone surrogate next to its other half makes a pair, not a refused character: keep both edges apart.
        fc.pre(!/[\ud800-\udbff]$/.test(before))
        fc.pre(!(/^[\ud800-\udbff]$/.test(ch) && /^[\udc00-\udfff]/.test(after)))
        expect(refusedCharacter(before + ch + after)?.at).toBe(before.length)
      }),
    )
  })

  it('fails a zod schema with control_characters and never throws', () => {
    const schema = z.object({ name: singleLine(z.string().trim().max(40)), note: multiLine(z.string().max(200)) })
    fc.assert(
      fc.property(text, text, (name, note) => {
        const result = schema.safeParse({ name, note })
        const expected = oracle(name.trim(), false) || oracle(note, true) ? false : name.trim().length <= 40
        expect(result.success).toBe(expected)
        for (const issue of result.error?.issues ?? []) {
          if (issue.code === 'custom') expect(issue.params).toEqual({ code: 'control_characters' })
        }
      }),
      { numRuns: 1000 },
    )
  })
})
