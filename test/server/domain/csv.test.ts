import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvSyntaxError, parseCsv } from '../../../server/domain/csv'
import { csvLine } from '../../../server/domain/csv-write'

const syntaxError = (text: string) => {
  try {
    parseCsv(text)
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { row: err.row, column: err.column, message: err.message }
    throw err
  }
  return null
}

/** Cells full of what needs quoting: quotes, commas, CR, LF, and formula-looking starts. */
const cell = fc.string({ unit: fc.constantFrom('a', '山', '"', ',', '\r', '\n', ' ', '=', '-', '1'), maxLength: 8 })
const table = fc.array(
  fc.array(cell, { minLength: 1, maxLength: 5 }).filter((row) => !(row.length === 1 && row[0] === '')),
  { minLength: 1, maxLength: 6 },
)
/** What `csvLine` writes for a text cell: formula-looking text gets a leading `'` for Excel. */
const asWritten = (value: string) => (/^[=+\-@]/.test(value) ? `'${value}` : value)

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, quoted newlines, CRLF and LF', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n"line 1\r\nline 2",,x\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['line 1\r\nline 2', '', 'x'],
    ])
    expect(parseCsv('"",a\n\n"b"')).toEqual([['', 'a'], ['b']])
  })

  it('refuses text after a closing quote, naming row and column', () => {
    expect(syntaxError('a,"b"x,c')).toEqual({
      row: 1,
      column: 2,
      message: 'CSV row 1, column 2: text after the closing quote of a quoted field',
    })
    expect(syntaxError('h1,h2\r\nok,"fine"\r\n"x" ,y')).toMatchObject({ row: 3, column: 1 })
  })

  it('refuses a quote inside an unquoted field', () => {
    expect(syntaxError('name\n山田 "花子"')).toMatchObject({ row: 2, column: 1 })
    expect(syntaxError('a,b"c')).toMatchObject({ row: 1, column: 2 })
  })

  it('refuses a quoted field that is never closed, where it was opened', () => {
    expect(syntaxError('a,b\nc,"d\ne,f\n')).toMatchObject({
      row: 2,
      column: 2,
      message: expect.stringContaining('never closed'),
    })
  })

  it('reads back whatever csvLine wrote (round trip)', () => {
    fc.assert(
      fc.property(table, (rows) => {
        expect(parseCsv(rows.map(csvLine).join(''))).toEqual(rows.map((row) => row.map(asWritten)))
      }),
      { numRuns: 500 },
    )
  })

  it('names the row and column of text after a closing quote anywhere in a well-formed file', () => {
    fc.assert(
      fc.property(table, fc.nat(), fc.nat(), fc.constantFrom('x', ' ', '山', "'"), (rows, r, c, junk) => {
        const row = r % rows.length
        const column = c % rows[row]!.length
        const text = rows
          .map((cells, i) =>
            i !== row
              ? csvLine(cells)
              : `${cells.map((v, j) => (j === column ? `"${v.replace(/"/g, '""')}"${junk}` : csvLine([v]).slice(0, -2))).join(',')}\r\n`,
          )
          .join('')
        expect(syntaxError(text)).toMatchObject({ row: row + 1, column: column + 1 })
      }),
      { numRuns: 500 },
    )
  })

  it('either reads any text or throws a CsvSyntaxError, nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '"', ',', '\r', '\n'), maxLength: 20 }), (text) => {
        syntaxError(text)
      }),
      { numRuns: 1000 },
    )
  })
})
