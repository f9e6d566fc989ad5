// Which birthdays a day's birthday run greets: the month-day of each birthday in its window, with the year of that
// birthday (the year in a member's once-a-year key). Pure: the planner turns it into SQL.

export interface BirthdayDay {
  /** `MM-DD`, as in the last five characters of `members.birthday`. */
  md: string
  /** The year of the birthday this day is (a run in late December greets January birthdays of the next year). */
  y: number
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const pad = (n: number) => String(n).padStart(2, '0')

/**
 * The birthdays greeted on `today` (`YYYY-MM-DD`, the shop's date): with `daysBefore` null, every day of this month
 * (a member who registers mid-month is still greeted); else the birthdays from today to `daysBefore` days ahead.
 * A 29 February birthday falls on 28 February in other years.
 */
export function birthdayWindow(today: string, daysBefore: number | null): BirthdayDay[] {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number]
  const days: BirthdayDay[] = []
  const push = (date: Date) => {
    const y = date.getUTCFullYear()
    const md = `${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
    days.push({ md, y })
    if (md === '02-28' && !isLeap(y)) days.push({ md: '02-29', y })
  }
  if (daysBefore === null) {
    for (let d = 1; new Date(Date.UTC(year, month - 1, d)).getUTCMonth() === month - 1; d++)
      push(new Date(Date.UTC(year, month - 1, d)))
  } else {
    for (let d = 0; d <= daysBefore; d++) push(new Date(Date.UTC(year, month - 1, day + d)))
  }
  return days
}
