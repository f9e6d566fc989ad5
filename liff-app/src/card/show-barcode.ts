// Mounts the member barcode into its place under the QR as an app of its own, so the card's entry holds only a
// dynamic import of this file (the card's first paint has almost no bytes to spare; see BENCHMARKS.md card-bundle).

import { createApp } from 'vue'
import MemberBarcode from './MemberBarcode.vue'

const mounted = new WeakSet<Element>()

/** Shows the barcode in `host` once (the card re-renders often; a new member means a new host). */
export function showBarcode(host: Element, card: { barcode?: 'code128' | 'ean13'; member: { memberNumber: string } }) {
  if (mounted.has(host) || !card.barcode) return
  mounted.add(host)
  createApp(MemberBarcode, { kind: card.barcode, memberNumber: card.member.memberNumber }).mount(host)
}
