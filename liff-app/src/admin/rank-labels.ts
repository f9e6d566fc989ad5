// Rank keys (`gold`) as the shop's own labels (ゴールド), read once per console session from the shop's settings.

import { ref } from 'vue'
import type { ShopSettings } from './api'

const labels = ref<Record<string, string>>({})
let loading: Promise<void> | null = null

/** `rankLabel(key)` is the shop's label for a rank, or the key until the settings have arrived (or if it was removed). */
export function useRankLabels(get: <T>(path: string) => Promise<T>) {
  loading ??= get<{ settings: ShopSettings }>('/admin/settings')
    .then((res) => setRankLabels(res.settings.ranks))
    .catch(() => {
      loading = null
    })
  return { rankLabel: (key: string) => labels.value[key] ?? key }
}

/** After the settings are saved: the labels the console shows from now on. */
export function setRankLabels(ranks: ShopSettings['ranks']): void {
  labels.value = Object.fromEntries(ranks.map((r) => [r.key, r.label]))
}
