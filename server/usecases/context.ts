// What every use case is given: the shop's database, configuration and clock (settings are read per call).
import type { Database } from '../../db/client'
import type { Config } from '../config'
import type { Clock } from '../env'

export interface UseCaseContext {
  db: Database
  config: Config
  clock: Clock
}
