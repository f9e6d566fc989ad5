// What every use case is given: the shop's database, configuration and clock (settings are read per call).
import type { Database } from '../../db/client'
import type { Config } from '../config'
import type { Clock } from '../env'
import type { LinePlatform } from '../line/platform'

export interface UseCaseContext {
  db: Database
  config: Config
  clock: Clock
}

/** For use cases that also show the LINE rich menu they planned (the outbox retries it if LINE fails now). */
export interface LineUseCaseContext extends UseCaseContext {
  line: LinePlatform
}
