// What the use cases take inside workerd: this test's D1, the configuration the Worker reads, a clock the test gives
// and the shop settings and scenario starts read through their caches, as the Worker wires them.
import { env } from 'cloudflare:workers'
import type { Database } from '../../db/client'
import { loadConfig } from '../../server/config'
import { createScenarioStarts } from '../../server/data/scenarios'
import { createSettingsStore } from '../../server/data/settings'

export const useCaseContext = (db: Database, clock: () => Date) => ({
  db,
  config: loadConfig(env),
  clock,
  settings: createSettingsStore(db, clock),
  scenarioStarts: createScenarioStarts(db, clock),
})
