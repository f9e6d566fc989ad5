// Rank keys (`gold`) as the shop's own labels (ゴールド), read once per console session from the shop's settings.

import { ref } from 'vue'
import type { ShopSettings } from './api'

const labels = ref<Record<string, string>>({})
let loading: Promise<void> | null = null

/** `rankLabel(key)` is the shop's label for a rank, or the key until the settings have arrived (or if it was removed). */
export function useRankLabels(get: <T>(path: string) => Promise<T>) {
  loading ??= get<{ settings: ShopSettings }>('/admin/settings')
    .then((res) => {
      labels.value = Object.fromEntries(res.settings.ranks.map((r) => [r.key, r.label]))
    })
    .catch(() => {
      loading = null
    })
  return { rankLabel: (key: string) => labels.value[key] ?? key }
}
