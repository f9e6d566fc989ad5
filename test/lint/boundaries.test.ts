// The layer boundaries in eslint.config.js, shown on scratch code linted as if it were in each folder.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint()

/** The messages of the import-boundary rule for `code` placed at `filePath`. */
async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  const boundaryRules = ['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']
  return result!.messages.filter((m) => boundaryRules.includes(m.ruleId ?? '')).map((m) => m.message)
}

describe('layer boundaries', () => {
  it('keep hono, drizzle and the database out of server/domain/', async () => {
    expect(
      await boundaryMessages('server/domain/scratch.ts', "import { Hono } from 'hono'\nexport const h = Hono\n"),
    ).toEqual([expect.stringContaining('pure rules')])
    expect(
      await boundaryMessages(
        'server/domain/scratch.ts',
        "import { members } from '../../db/schema'\nexport const m = members\n",
      ),
    ).toEqual([expect.stringContaining('pure rules')])
    expect(
      await boundaryMessages('server/domain/scratch.ts', "import { z } from 'zod'\nexport const s = z.string()\n"),
    ).toEqual([])
  })

  it('keep OpenAPI names out of server/domain/, which the LIFF app bundles without the zod extension', async () => {
    expect(
      await boundaryMessages(
        'server/domain/scratch.ts',
        "import { z } from 'zod'\nexport const s = z.object({}).openapi('Scratch')\n",
      ),
    ).toEqual([expect.stringContaining('bundled into the LIFF app')])
  })

  it('keep server/data/ from importing routes', async () => {
    expect(
      await boundaryMessages(
        'server/data/scratch.ts',
        "import { x } from '../routes/staff/schemas'\nexport const y = x\n",
      ),
    ).toEqual([expect.stringContaining('below the routes')])
  })

  it('keep HTTP errors out of server/data/ and server/domain/: refusals are values', async () => {
    const code = "import { notFound } from '../errors'\nexport const e = notFound\n"
    expect(await boundaryMessages('server/data/scratch.ts', code)).toEqual([expect.stringContaining('typed refusal')])
    expect(await boundaryMessages('server/domain/scratch.ts', code)).toEqual([expect.stringContaining('typed refusal')])
    expect(
      await boundaryMessages(
        'server/data/scratch.ts',
        "import { refuse } from '../domain/refusal'\nexport const r = refuse\n",
      ),
    ).toEqual([])
  })

  it('keep SQL out of server/routes/: no drizzle, no tables; types and value lists only', async () => {
    const file = 'server/routes/admin/scratch.ts'
    expect(await boundaryMessages(file, "import { eq } from 'drizzle-orm'\nexport const e = eq\n")).toEqual([
      expect.stringContaining('no SQL'),
    ])
    expect(
      await boundaryMessages(file, "import { members } from '../../../db/schema'\nexport const m = members\n"),
    ).toEqual([expect.stringContaining('no SQL')])
    expect(
      await boundaryMessages(file, "import type { Member } from '../../../db/schema'\nexport type M = Member\n"),
    ).toEqual([])
    expect(
      await boundaryMessages(
        file,
        "import { reservationStatuses } from '../../../db/schema'\nexport const s = reservationStatuses\n",
      ),
    ).toEqual([])
    expect(
      await boundaryMessages(
        file,
        "import { listStaff } from '../../data/staff-invites'\nexport const l = listStaff\n",
      ),
    ).toEqual([])
  })

  it('let the LIFF app import server code as types or from server/domain/ only', async () => {
    const file = 'liff-app/src/card/Scratch.ts'
    expect(
      await boundaryMessages(
        file,
        "import { loadConfig } from '../../../server/config'\nexport const c = loadConfig\n",
      ),
    ).toEqual([expect.stringContaining('only as types')])
    expect(
      await boundaryMessages(file, "import type { Config } from '../../../server/config'\nexport type C = Config\n"),
    ).toEqual([])
    expect(
      await boundaryMessages(
        file,
        "import { pointsForPurchase } from '../../../server/domain/points'\nexport const p = pointsForPurchase\n",
      ),
    ).toEqual([])
  })

  it('keep the card (the first paint) from importing another feature folder', async () => {
    expect(
      await boundaryMessages(
        'liff-app/src/card/Scratch.ts',
        "import { listStaff } from '../staff/api'\nexport const l = listStaff\n",
      ),
    ).toEqual([expect.stringContaining('first paint')])
    expect(
      await boundaryMessages(
        'liff-app/src/card/Scratch.ts',
        "import { qrDataUrl } from './qr-image'\nexport const q = qrDataUrl\n",
      ),
    ).toEqual([])
  })

  it('keep the admin console out of customer and staff features', async () => {
    expect(
      await boundaryMessages(
        'liff-app/src/staff/Scratch.ts',
        "import { adminFetch } from '../admin/api'\nexport const a = adminFetch\n",
      ),
    ).toEqual([expect.stringContaining('admin console')])
    expect(
      await boundaryMessages(
        'liff-app/src/settings/Scratch.ts',
        "import { unlink } from '../membership/api'\nexport const u = unlink\n",
      ),
    ).toEqual([])
  })

  it('let shared front-end folders import a feature only as types', async () => {
    const file = 'liff-app/src/session/scratch.ts'
    expect(
      await boundaryMessages(file, "import { fetchCard } from '../card/api'\nexport const f = fetchCard\n"),
    ).toEqual([expect.stringContaining('below the features')])
    expect(
      await boundaryMessages(file, "import type { CardResponse } from '../card/api'\nexport type C = CardResponse\n"),
    ).toEqual([])
  })

  it("refuse a library's internal path outside the adapters", async () => {
    const internal =
      "import { SQLiteRaw } from 'drizzle-orm/sqlite-core/query-builders/raw'\nexport const r = SQLiteRaw\n"
    expect(await boundaryMessages('server/data/scratch.ts', internal)).toEqual([expect.stringContaining('adapter')])
    expect(await boundaryMessages('db/driver/scratch.ts', internal)).toEqual([])
  })

  it('keep product code from importing test code, which tests and benches may', async () => {
    const fromTest = (up: string) =>
      `import { launchUrl } from '${up}test/support/browser-app'\nexport const l = launchUrl\n`
    expect(await boundaryMessages('server/rehearse/scratch.ts', fromTest('../../'))).toEqual([
      expect.stringContaining('never imports test code'),
    ])
    expect(await boundaryMessages('server/domain/scratch.ts', fromTest('../../'))).toEqual([
      expect.stringContaining('never imports test code'),
    ])
    expect(await boundaryMessages('db/driver/scratch.ts', fromTest('../../'))).toEqual([
      expect.stringContaining('never imports test code'),
    ])
    expect(await boundaryMessages('liff-app/src/scratch.ts', fromTest('../../'))).toEqual([
      expect.stringContaining('never imports test code'),
    ])
    expect(await boundaryMessages('bench/scratch.ts', fromTest('../'))).toEqual([])
    expect(await boundaryMessages('test/browser/scratch.test.ts', fromTest('../../'))).toEqual([])
  })
})
