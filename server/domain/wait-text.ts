// A wait in plain words for the customer, in Japanese and English: 「3分」 / "3 minutes", whole hours as hours.

/** Rounded up to a whole minute (at least one): by the time it is read and sent again, seconds have passed. */
export function waitText(seconds: number): { ja: string; en: string } {
  const minutes = Math.max(1, Math.ceil(seconds / 60))
  if (minutes >= 60 && minutes % 60 === 0) {
    const hours = minutes / 60
    return { ja: `${hours}時間`, en: `${hours} hour${hours === 1 ? '' : 's'}` }
  }
  return { ja: `${minutes}分`, en: `${minutes} minute${minutes === 1 ? '' : 's'}` }
}
