// The plan of the rich-menu repair's retry of given-up rows: the rows it picked are updated by primary key, not found
// again by walking deliveries_due_idx (status, …) over every failed or dead delivery. See test/support/query-plans.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { reconcileRichMenus } from '../../../server/jobs/rich-menu-reconciliation'
import type { AppDeps } from '../../../server/env'
import { saveRichMenuIds } from '../../../server/rich-menus/ids'
import { expectKeyLookups, recordingDatabase, type RecordingDatabase } from '../../support/query-plans'

const now = new Date('2026-12-03T03:00:00Z')
// The database has no LINE account, so LINE is never asked.
const line = {} as AppDeps['line']

describe('plans of the rich-menu repair', () => {
  let t: RecordingDatabase
  beforeEach(async () => {
    t = await recordingDatabase()
    await saveRichMenuIds(t.db, { guest: 'richmenu-guest', member: 'richmenu-member' }, 'test', now)
    t.clear()
  })
  afterEach(() => t.close())

  it('re-plans the given-up rows it picked by primary key', async () => {
    expect(await reconcileRichMenus({ db: t.db, line }, now)).toMatchObject({ retried: 0 })
    expectKeyLookups(await t.plans(/^update "deliveries"/), 'deliveries')
  })
})
