import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const css = readFileSync(new URL('../../../liff-app/src/admin/admin.css', import.meta.url), 'utf8')
/** The declarations of the first rule whose selector list is exactly `selector`. */
const rule = (selector: string) => {
  const start = css.indexOf(`\n${selector} {`)
  if (start < 0) throw new Error(`${selector} not found`)
  return css.slice(start, css.indexOf('}', start))
}

describe('admin console colours (admin.css)', () => {
  it('puts white button and tab text on the darker green (4.5:1), never on LINE green itself', () => {
    for (const selector of ['.btn', '.tabs button.is-on']) {
      expect([selector, rule(selector)]).toEqual([selector, expect.stringContaining('background: var(--brand-strong)')])
      expect(rule(selector)).not.toMatch(/background: var\(--brand\);/)
    }
  })
})
