// Dates, times and numbers as customers read them in messages (Japanese, the store's time zone).

export function formatDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('ja-JP', { timeZone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(at)
}

export function formatTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('ja-JP', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at)
}

export const formatPoints = (points: number) => `${points.toLocaleString('ja-JP')}pt`

/** Where customers open their card: the LIFF URL with real LINE, the server itself with the sandbox. */
export function cardUrl(config: { sandbox: boolean; publicUrl: string; line: { liffId: string } }): string {
  return config.sandbox ? `${config.publicUrl}/` : `https://liff.line.me/${config.line.liffId}`
}

/** Fills `{name}`-style placeholders of an admin-written template; unknown names are left as they are. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole)
}
