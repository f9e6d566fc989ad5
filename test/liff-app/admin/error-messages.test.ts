import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { adminErrorMessages } from '../../../liff-app/src/admin/error-messages'
import { answeredCodes } from '../../support/refusal-codes'

const adminRoutes = new URL('../../../server/routes/admin/', import.meta.url)
const useCases = new URL('../../../server/usecases/', import.meta.url)
const routeSources = readdirSync(adminRoutes)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(new URL(f, adminRoutes), 'utf8'))
/** The use cases the admin routes call: their typed refusals reach the console as error codes too. */
const useCaseSources = [
  ...new Set(routeSources.flatMap((src) => [...src.matchAll(/usecases\/([a-z-]+)'/g)].map((m) => m[1]!))),
].map((name) => readFileSync(new URL(`${name}.ts`, useCases), 'utf8'))
/** Every error code the admin routes throw or their use cases refuse, read from the source so a new code without words fails here. */
const thrownCodes = answeredCodes([...routeSources, ...useCaseSources])

describe('admin error messages', () => {
  it('has Japanese and English words for every error code the admin routes throw', () => {
    expect(thrownCodes.length).toBeGreaterThan(10)
    const missing = thrownCodes.filter((code) => !adminErrorMessages[code])
    expect(missing).toEqual([])
    for (const [ja, en] of Object.values(adminErrorMessages))
      expect([ja.length > 0, /[a-z]/i.test(en)]).toEqual([true, true])
  })
})
