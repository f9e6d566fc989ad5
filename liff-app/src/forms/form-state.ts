// A customer form's state (its element, submitted once, busy, the refusal above the button, the server's field
// refusals), a field's problem in the customer's words, and the send step the register and profile forms share.
import { ref, shallowRef } from 'vue'
import { useI18n } from '../i18n/useI18n'
import { focusFirstError } from './focus-first-error'
import { formError } from './form-errors'
import { serverFieldProblems, type FieldProblem } from './profile-rules'

export function useFormState() {
  const formEl = ref<HTMLFormElement | null>(null)
  const touched = ref(false)
  const busy = ref(false)
  const failure = shallowRef<ReturnType<typeof formError> | null>(null)
  const serverProblems = shallowRef<Record<string, FieldProblem>>({})
  const { tr } = useI18n()

  /** A field's problem in the customer's language; null when there is none. */
  const problemText = (problem: FieldProblem | null | undefined) => (problem ? tr(problem.pair, problem.params) : null)

  /** Runs `action` with the form busy; a refusal shows on its fields and above the button, focus on the first field. */
  async function send(action: () => Promise<void>): Promise<void> {
    busy.value = true
    try {
      await action()
    } catch (err) {
      serverProblems.value = serverFieldProblems(err)
      failure.value = formError(err)
      await focusFirstError(formEl.value)
    } finally {
      busy.value = false
    }
  }

  return { formEl, touched, busy, failure, serverProblems, problemText, send }
}
