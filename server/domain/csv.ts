// A strict RFC 4180 CSV reader: quoted fields, "" escapes, CRLF or LF, newlines inside quotes; bad quoting is an
// error naming the row and column, never a guess (`a,"b"x,c` is not `["a", "bx", "c"]`).

/** Malformed quoting at a 1-based row (record of the file, the header is row 1) and column (field). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`CSV row ${row}, column ${column}: ${reason}`)
    this.name = 'CsvSyntaxError'
  }
}

/**
 * Rows of fields; empty lines are dropped. Throws a `CsvSyntaxError` for text after a closing quote, a quote
 * inside an unquoted field, or a quoted field that is never closed.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  /** `start` of a field, inside an `unquoted` or `quoted` one, or just after a quoted one's `closed` quote. */
  let state: 'start' | 'unquoted' | 'quoted' | 'closed' = 'start'
  let opened = { row: 0, column: 0 }
  const fail = (reason: string) => new CsvSyntaxError(rows.length + 1, row.length + 1, reason)
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (state === 'quoted') {
      if (ch !== '"') field += ch
      else if (text[i + 1] === '"') {
        field += '"'
        i++
      } else state = 'closed'
    } else if (ch === ',') {
      row.push(field)
      field = ''
      state = 'start'
    } else if (ch === '\n' || ch === '\r') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      state = 'start'
      if (ch === '\r' && text[i + 1] === '\n') i++
    } else if (state === 'closed') {
      throw fail('text after the closing quote of a quoted field')
    } else if (ch === '"') {
      if (state === 'unquoted')
        throw fail('a quote inside an unquoted field (quote the whole field and double the quote)')
      state = 'quoted'
      opened = { row: rows.length + 1, column: row.length + 1 }
    } else {
      field += ch
      state = 'unquoted'
    }
  }
  if (state === 'quoted') throw new CsvSyntaxError(opened.row, opened.column, 'a quoted field is never closed')
  if (state !== 'start' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''))
}
