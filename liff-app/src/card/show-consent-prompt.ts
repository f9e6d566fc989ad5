// Mounts the consent prompt over the card as an app of its own, so the card's entry holds only a dynamic import of
// this file (no component resolution or extra state for a screen few members ever see).

import { createApp } from 'vue'
import ConsentPrompt from './ConsentPrompt.vue'

let shown: (() => void) | null = null

/**
 * Shows the prompt (once, however often the card reloads); `agreed` runs after the consent is recorded. Leaving for
 * the settings (to unlink or leave instead) takes it away; the card asks again when it is next shown.
 */
export function showConsentPrompt(agreed: () => void): void {
  if (shown) return
  const host = document.body.appendChild(document.createElement('div'))
  const app = createApp(ConsentPrompt, {
    onAgreed: () => {
      shown?.()
      agreed()
    },
    onLeave: () => shown?.(),
  })
  shown = () => {
    app.unmount()
    host.remove()
    shown = null
  }
  app.mount(host)
}
