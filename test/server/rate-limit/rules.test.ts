import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { bindingName, rateLimitRules, type RateLimitName } from '../../../server/rate-limit/rules'

describe('rateLimitRules', () => {
  it('are the limits of wrangler.toml’s Rate Limiting bindings, one binding per rule', () => {
    const toml = readFileSync(new URL('../../../wrangler.toml', import.meta.url), 'utf8')
    const bindings = [
      ...toml.matchAll(
        /\[\[ratelimits\]\]\s*name = "(\w+)"\s*namespace_id = "(\d+)"\s*simple = \{ limit = (\d+), period = (\d+) \}/g,
      ),
    ].map(([, name, id, limit, period]) => ({ name, id, limit: Number(limit), periodSeconds: Number(period) }))
    const expected = (Object.keys(rateLimitRules) as RateLimitName[]).map((rule) => ({
      name: bindingName(rule),
      ...rateLimitRules[rule],
    }))
    expect(bindings.map(({ name, limit, periodSeconds }) => ({ name, limit, periodSeconds }))).toEqual(expected)
    expect(new Set(bindings.map((b) => b.id)).size).toBe(bindings.length)
  })
})
