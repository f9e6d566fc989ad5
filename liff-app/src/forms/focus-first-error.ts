// After a refused submit, moves focus to the first field marked invalid, so keyboard and screen-reader users land on it.
import { nextTick } from 'vue'

export async function focusFirstError(form: HTMLElement | null | undefined): Promise<void> {
  await nextTick()
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
}
