// What the use cases take inside workerd: this test's D1, the configuration the Worker reads, a clock the test gives
// and the shop settings read through their cache, as the Worker wires them.
import { env } from 'cloudflare:workers'
import type { Database } from '../../db/client'
import { loadConfig } from '../../server/config'
import { createSettingsStore } from '../../server/data/settings'

export const useCaseContext = (db: Database, clock: () => Date) => ({
  db,
  config: loadConfig(env),
  clock,
  settings: createSettingsStore(db, clock),
})
