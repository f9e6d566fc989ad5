// Free text people type (names, notes, messages, CSV cells): characters that would be stored and then cut a
// display short, hide text or reorder it (NUL and other controls, lone surrogates, noncharacters, bidi overrides)
// are refused with `control_characters`, never silently stripped.
import { z } from 'zod'

/**
 * Refused in every field: C0 controls except tab, LF and CR; DEL; C1 controls; lone surrogates; noncharacters
 * (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF); bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
 */
const refused =
  '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\p{Cs}\\p{Noncharacter_Code_Point}'
const refusedInLines = new RegExp(`[${refused}]`, 'u')
/** A single-line field refuses tab and line breaks as well. */
const refusedInLine = new RegExp(`[${refused}\\t\\n\\r]`, 'u')

/** The first refused character of `text` and where it is (0-based, in UTF-16 units), or null when it is clean. */
export function refusedCharacter(text: string, multiline = false): { at: number; codePoint: string } | null {
  const found = (multiline ? refusedInLines : refusedInLine).exec(text)
  if (!found) return null
  return { at: found.index, codePoint: `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` }
}

/** The message for a refused character, in the words the API and the CSV imports both use. */
export function refusedCharacterMessage(found: { at: number; codePoint: string }): string {
  return `contains a control or invisible character (${found.codePoint} at position ${found.at + 1})`
}

const refuse =
  (multiline: boolean) =>
  (value: string, ctx: z.core.$RefinementCtx<string>): void => {
    const found = refusedCharacter(value, multiline)
    if (found)
      ctx.addIssue({ code: 'custom', message: refusedCharacterMessage(found), params: { code: 'control_characters' } })
  }

/** A one-line text field (a name, a reason, a store name): no control characters, no tab or line break. */
export const singleLine = <T extends z.ZodType<string, string>>(schema: T): T => schema.superRefine(refuse(false)) as T

/** A text field that may hold several lines (a note, a message body, a template): tab and line breaks allowed. */
export const multiLine = <T extends z.ZodType<string, string>>(schema: T): T => schema.superRefine(refuse(true)) as T
