// Refusals that carry a wait (`Retry-After`), in plain words for the customer in Japanese and English; shared by the
// account-link login page and the LIFF app's forms.

export interface BilingualText {
  ja: string
  en: string
}

/** 「3分」 / "3 minutes", whole hours as hours; rounded up to a whole minute (at least one). */
export function waitText(seconds: number): BilingualText {
  const minutes = Math.max(1, Math.ceil(seconds / 60))
  if (minutes >= 60 && minutes % 60 === 0) {
    const hours = minutes / 60
    return { ja: `${hours}時間`, en: `${hours} hour${hours === 1 ? '' : 's'}` }
  }
  return { ja: `${minutes}分`, en: `${minutes} minute${minutes === 1 ? '' : 's'}` }
}

const refusals: Record<string, (wait: BilingualText) => BilingualText> = {
  link_wait: (w) => ({
    ja: `この会員番号での失敗が続いたため、${w.ja}ほど待ってからお試しください。`,
    en: `Too many failed attempts for this member number. Please try again in ${w.en}.`,
  }),
  link_locked: (w) => ({
    ja: `失敗が続いたため、このLINEアカウントからは${w.ja}ほど連携できません。時間をおいてお試しください。`,
    en: `Too many failed attempts from this LINE account. Please try again in ${w.en}.`,
  }),
  rate_limited: (w) => ({
    ja: `アクセスが集中しています。${w.ja}ほど待ってからお試しください。`,
    en: `Too many requests. Please try again in ${w.en}.`,
  }),
}

/** The message for a refusal `code` that asks to wait `seconds`; undefined for any other code. */
export function refusalText(code: string, seconds: number): BilingualText | undefined {
  return refusals[code]?.(waitText(seconds))
}
