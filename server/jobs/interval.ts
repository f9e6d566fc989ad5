// Node's stand-in for Cron Triggers: runs the frequent jobs every `intervalMs` and the daily ones once a day after
// `dailyAt` (shop time zone); never two runs at once in this process, and stoppable on close.
import { localParts } from '../domain/time-zone'
import type { AppDeps } from '../env'
import { runScheduledJobs, type JobSchedule } from './index'

export interface JobRunner {
  /** Runs one tick now (frequent, or daily when due); resolves with its report. */
  tick(): Promise<Record<string, unknown> | null>
  /** Stops the timer and waits for a running tick. */
  stop(): Promise<void>
}

export interface JobRunnerOptions {
  /** 0 starts no timer: jobs run only through `tick()` (benchmarks, tests). */
  intervalMs?: number
  /** HH:MM in `timeZone` after which the daily jobs run (default 03:00, like the Workers cron). */
  dailyAt?: string
}

export function startJobRunner(deps: AppDeps, options: JobRunnerOptions = {}): JobRunner {
  const intervalMs = options.intervalMs ?? 60_000
  const dailyAt = options.dailyAt ?? '03:00'
  let lastDaily = ''
  let running: Promise<Record<string, unknown> | null> | null = null

  const tick = () => {
    if (running) return running
    const now = deps.clock()
    const { date, time } = localParts(now, deps.config.timeZone)
    const schedule: JobSchedule = time >= dailyAt && date !== lastDaily ? 'daily' : 'frequent'
    running = runScheduledJobs(deps, now, schedule)
      .then((report) => {
        if (schedule === 'daily') lastDaily = date
        return report
      })
      .catch((err: unknown) => {
        console.error('scheduled jobs failed', err)
        return null
      })
      .finally(() => {
        running = null
      })
    return running
  }

  const timer = intervalMs > 0 ? setInterval(() => void tick(), intervalMs) : undefined
  timer?.unref()
  return {
    tick,
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
