// Node's stand-in for Cron Triggers: runs the due jobs (`runDueJobs`: the daily ones once a shop day after 03:00)
// every `intervalMs`; never two runs at once in this process, and stoppable on close.
import type { AppDeps } from '../env'
import { runDueJobs } from './index'

export interface JobRunner {
  /** Runs one tick now (frequent, and daily when due); resolves with its report. */
  tick(): Promise<Record<string, unknown> | null>
  /** Stops the timer and waits for a running tick. */
  stop(): Promise<void>
}

export interface JobRunnerOptions {
  /** 0 starts no timer: jobs run only through `tick()` (benchmarks, tests). */
  intervalMs?: number
}

export function startJobRunner(deps: AppDeps, options: JobRunnerOptions = {}): JobRunner {
  const intervalMs = options.intervalMs ?? 60_000
  let running: Promise<Record<string, unknown> | null> | null = null

  const tick = () => {
    if (running) return running
    running = runDueJobs(deps, deps.clock())
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
