// The layer boundaries in eslint.config.js, shown on scratch code linted as if it were in each folder.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint()

/** The messages of the import-boundary rule for `code` placed at `filePath`. */
async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message)
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
    const file = 'liff-app/src/pages/Scratch.ts'
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

  it("refuse a library's internal path outside the adapters", async () => {
    const internal =
      "import { SQLiteRaw } from 'drizzle-orm/sqlite-core/query-builders/raw'\nexport const r = SQLiteRaw\n"
    expect(await boundaryMessages('server/data/scratch.ts', internal)).toEqual([expect.stringContaining('adapter')])
    expect(await boundaryMessages('db/driver/scratch.ts', internal)).toEqual([])
  })
})
