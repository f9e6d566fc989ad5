import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { tinySha256Esm } from '../../vite.config'

type Sha256 = (ascii: string) => string

/** The module the build plugin gives LIFF for `import sha256 from 'tiny-sha256'`. */
async function pluginModule(): Promise<Sha256> {
  const plugin = tinySha256Esm()
  const id = (plugin.resolveId as (id: string) => string | null)('tiny-sha256')
  expect(id).toBeTruthy()
  const code = (plugin.load as (id: string) => string | null)(id!)
  expect(code).toContain('export default sha256')
  const mod = (await import(`data:text/javascript,${encodeURIComponent(code!)}`)) as { default: Sha256 }
  return mod.default
}

describe('tiny-sha256 as an ES module (the PKCE hash of liff.login)', () => {
  it('hashes like node:crypto and like the package’s own CommonJS build', async () => {
    const sha256 = await pluginModule()
    const original = createRequire(import.meta.url)('tiny-sha256') as Sha256
    const alphanumeric = fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
    })
    fc.assert(
      fc.property(fc.oneof(alphanumeric, fc.string({ unit: 'binary-ascii', maxLength: 300 })), (text) => {
        const expected = createHash('sha256').update(text, 'latin1').digest('hex')
        expect(sha256(text)).toBe(expected)
        expect(original(text)).toBe(expected)
      }),
      { numRuns: 300 },
    )
    // The length liff.login uses for its code verifier.
    const verifier = 'a'.repeat(43)
    expect(sha256(verifier)).toBe(createHash('sha256').update(verifier).digest('hex'))
  })

  it('leaves other ids to the normal resolver', () => {
    const plugin = tinySha256Esm()
    expect((plugin.resolveId as (id: string) => string | null)('tiny-sha256/other')).toBeNull()
    expect((plugin.load as (id: string) => string | null)('/some/file.ts')).toBeNull()
  })
})
