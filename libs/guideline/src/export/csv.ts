/**
 * Cells a spreadsheet would read as a formula (CSV injection): =, +, -, @, their full-width forms
 * (＝ ＋ － ＠, which a Japanese IME types and Excel may normalise), and tab / CR that some tools strip first.
 */
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\t\r]/;

export type CsvValue = string | number | null | undefined;

/**
 * One CSV cell (RFC 4180): text that a spreadsheet would run as a formula gets a leading apostrophe
 * (OWASP's advice; Excel shows the text as typed); cells with a comma, quote or line break are quoted,
 * quotes doubled. Numbers are written as they are.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV document Excel opens correctly with Japanese text: UTF-8 with a byte-order mark, CRLF line
 * ends, every row the header's width.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): Buffer {
  const lines = [header, ...rows].map((row) => {
    if (row.length !== header.length)
      throw new Error(`CSV row of ${row.length} cells, header has ${header.length}`);
    return row.map(csvCell).join(',');
  });
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
