// Writing CSV for Excel: RFC 4180 quoting, CRLF, and formula-looking text cells neutralised.

/** One CSV line (CRLF-terminated); text cells starting with = + - @ get a leading ' so Excel shows them as text. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values
    .map((v) => {
      let s = v === null || v === undefined ? '' : String(v)
      if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
    })
    .join(',')}\r\n`
}
