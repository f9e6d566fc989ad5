// A console page's actions: one at a time (`busy`, and `busyOn`: what it runs on), its error in the console's words,
// and the notice of what it did.
import { ref } from 'vue'
import { errorText } from './api'

/** `describe` puts a refusal in words; a page whose refusals carry their own words (a row's URL) passes its own. */
export function useConsoleAction(describe: (err: unknown) => string = errorText) {
  const busy = ref(false)
  /** What the running action works on (a row's id, or a name such as 'save'); '' when none runs or it names none. */
  const busyOn = ref('')
  const error = ref('')
  const notice = ref('')
  /** Runs `action` on `on` with the page busy; clears the last error and notice first, shows a refusal as `error`. */
  async function run(action: () => Promise<void>, on = '') {
    busy.value = true
    busyOn.value = on
    error.value = ''
    notice.value = ''
    try {
      await action()
    } catch (err) {
      error.value = describe(err)
    } finally {
      busy.value = false
      busyOn.value = ''
    }
  }
  return { busy, busyOn, error, notice, run }
}
