// A customer page's action: one at a time (`busy`), and its refusal (`failure`) in the form the page shows it.
import { ref, shallowRef } from 'vue'

/** `describe` turns a refusal into what the page shows (a pair of words, a form error). */
export function useBusyAction<Failure>(describe: (err: unknown) => Failure) {
  const busy = ref(false)
  const failure = shallowRef<Failure | null>(null)
  /** Runs `action` with the page busy; clears the last refusal first, keeps a new one in `failure`. */
  async function run(action: () => Promise<void>): Promise<void> {
    busy.value = true
    failure.value = null
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
