// The limits of a membership's editable fields, free of any library so the LIFF forms check the same ones.
import { localParts } from './time-zone'

/** Longest accepted value of each field, in characters (code points) as the customer typed it. */
export const profileLimits = { name: 40, nameKana: 40, phone: 20 } as const

/** The earliest birthday accepted; the latest is today in the shop's time zone. */
export const earliestBirthday = '1900-01-01'

/** The accepted birthday range for `now` in the shop's time zone, when `birthday` falls outside it; else null. */
export function birthdayOutOfRange(birthday: string, now: Date, timeZone: string): { min: string; max: string } | null {
  const latest = localParts(now, timeZone).date
  return birthday < earliestBirthday || birthday > latest ? { min: earliestBirthday, max: latest } : null
}
