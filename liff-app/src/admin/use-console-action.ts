// A console page's actions: one at a time (`busy`), its error in the console's words, and the notice of what it did.
import { ref } from 'vue'
import { errorText } from './api'

export function useConsoleAction() {
  const busy = ref(false)
  const error = ref('')
  const notice = ref('')
  /** Runs `action` with the page busy; clears the last error and notice first, shows a refusal as `error`. */
  async function run(action: () => Promise<void>) {
    busy.value = true
    error.value = ''
    notice.value = ''
    try {
      await action()
    } catch (err) {
      error.value = errorText(err)
    } finally {
      busy.value = false
    }
  }
  return { busy, error, notice, run }
}
