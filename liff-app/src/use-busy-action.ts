// A page's action: one at a time (`busy`), and its refusal (`failure`) in the form the page shows it. The customer
// pages use it as it is; the console's actions (admin/use-console-action.ts) add what they run on and a notice.
import { ref, shallowRef } from 'vue'

/**
 * `describe` turns a refusal into what the page shows (a pair of words, a form error, a line of text); `idle` is
 * `failure` when there is none (null unless given).
 */
export function useBusyAction<Failure, Idle = null>(describe: (err: unknown) => Failure, idle: Idle = null as Idle) {
  const busy = ref(false)
  const failure = shallowRef<Failure | Idle>(idle)
  /** Runs `action` with the page busy; clears the last refusal first, keeps a new one in `failure`. Never throws. */
  async function run(action: () => Promise<void>): Promise<void> {
    busy.value = true
    failure.value = idle
    try {
      await action()
    } catch (err) {
      failure.value = describe(err)
    } finally {
      busy.value = false
    }
  }
  return { busy, failure, run }
}
