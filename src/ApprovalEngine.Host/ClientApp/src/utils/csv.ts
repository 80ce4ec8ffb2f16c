/** UTF-8 byte order mark: Excel (as used in Chinese offices) opens a CSV as UTF-8 only with it. */
export const BOM = '\uFEFF'

function cell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A CSV document with a BOM, a header row of column titles, and one row per item. */
export function toCsv<T>(rows: T[], columns: { title: string; value: (row: T) => unknown }[]): string {
  const lines = [columns.map((c) => cell(c.title)).join(','), ...rows.map((r) => columns.map((c) => cell(c.value(r))).join(','))]
  return BOM + lines.join('\r\n') + '\r\n'
}

/** Hands the browser a file to save. */
export function download(name: string, content: Blob | string, type = 'text/csv;charset=utf-8'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
