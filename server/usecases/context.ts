// What every use case is given: the shop's database, configuration, clock and settings (a part of its context).
import type { Database } from '../../db/client'
import type { Config } from '../config'
import type { SettingsStore } from '../data/settings'
import type { Clock } from '../env'

export interface UseCaseContext {
  db: Database
  config: Config
  clock: Clock
  settings: SettingsStore
}
