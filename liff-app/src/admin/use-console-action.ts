// A console page's actions: one at a time (`busy`, and `busyOn`: what it runs on), its error in the console's words,
// and the notice of what it did.
import { ref } from 'vue'
import { useBusyAction } from '../use-busy-action'
import { errorText } from './api'

/** `describe` puts a refusal in words; a page whose refusals carry their own words (a row's URL) passes its own. */
export function useConsoleAction(describe: (err: unknown) => string = errorText) {
  const { busy, failure: error, run: runBusy } = useBusyAction(describe, '')
  /** What the running action works on (a row's id, or a name such as 'save'); '' when none runs or it names none. */
  const busyOn = ref('')
  const notice = ref('')
  /** Runs `action` on `on` with the page busy; clears the last error and notice first, shows a refusal as `error`. */
  async function run(action: () => Promise<void>, on = '') {
    busyOn.value = on
    notice.value = ''
    await runBusy(action)
    busyOn.value = ''
  }
  return { busy, busyOn, error, notice, run }
}
