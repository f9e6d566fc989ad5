// Member numbers: 9 digits and a Luhn check digit, so a mistyped number is caught before any lookup.
export const memberNumberLength = 10

export function luhnCheckDigit(digits: string): number {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return (10 - (sum % 10)) % 10
}

/** Member number for a sequence value (e.g. the member's row id), zero-padded. */
export function memberNumberFor(sequence: number): string {
  const body = String(sequence).padStart(memberNumberLength - 1, '0')
  return `${body}${luhnCheckDigit(body)}`
}

/** Accepts full-width digits, spaces and hyphens as people type them; null when not a valid number. */
export function normalizeMemberNumber(input: string): string | null {
  const digits = input
    .replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-‐－ー]/g, '')
  if (!/^\d+$/.test(digits) || digits.length !== memberNumberLength) return null
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1)) ? digits : null
}
