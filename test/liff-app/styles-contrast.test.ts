import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The colour tokens as the stylesheet declares them, so a later edit of styles.css is checked, not a copy here.
const css = readFileSync(new URL('../../liff-app/src/styles.css', import.meta.url), 'utf8')
const token = (name: string): string => {
  const found = new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})\\s*;`).exec(css)
  if (!found) throw new Error(`--${name} is not a #rrggbb colour in styles.css`)
  return found[1]!
}

/** WCAG 2.x relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

/** WCAG contrast ratio between two colours (1 to 21). */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** The declarations of one rule, e.g. `.button {`. */
const rule = (selector: string) => {
  const start = css.indexOf(`${selector} {`)
  if (start < 0) throw new Error(`${selector} not found`)
  return css.slice(start, css.indexOf('}', start))
}

describe('LIFF colour contrast (styles.css)', () => {
  it('computes WCAG ratios as the specification does (white on black 21:1, LINE green with white about 2.3:1)', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5)
    expect(contrast('#ffffff', '#06c755')).toBeCloseTo(2.26, 2)
  })

  it('puts button text on a green of at least 4.5:1, not on LINE green itself', () => {
    const button = rule('.button')
    expect(button).toContain('background: var(--brand-strong)')
    expect(button).toContain('color: #fff')
    expect(contrast('#ffffff', token('brand-strong'))).toBeGreaterThanOrEqual(4.5)
    expect(contrast(token('brand-strong'), token('brand-soft'))).toBeGreaterThanOrEqual(4.5)
  })

  it('keeps body, muted and error text at least 4.5:1 on the surface and the page background', () => {
    for (const text of ['text', 'muted', 'danger'])
      for (const background of ['surface', 'bg'])
        expect(contrast(token(text), token(background)), `${text} on ${background}`).toBeGreaterThanOrEqual(4.5)
  })

  it('draws a focus ring of at least 3:1 against the surface and the page background', () => {
    expect(rule(':focus-visible')).toContain('outline: 3px solid var(--focus)')
    for (const background of ['surface', 'bg'])
      expect(contrast(token('focus'), token(background))).toBeGreaterThanOrEqual(3)
  })
})
