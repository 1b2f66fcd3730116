/**
 * CSV cells by RFC 4180 (comma-separated, CRLF line ends; a field holding a comma, quote
 * or line break is quoted, quotes doubled), made safe for spreadsheets: a cell a
 * spreadsheet would run as a formula (=, +, -, @, tab or CR first) gets a leading
 * apostrophe. Shared by the core's streamed export and the renderer's payment export.
 */
export function csvCell(value: string): string {
  return quote(neutralise(value));
}

/** One CSV record, CRLF-terminated. */
export function csvRecord(cells: readonly string[]): string {
  let line = '';
  for (let index = 0; index < cells.length; index += 1) {
    if (index > 0) line += ',';
    line += csvCell(cells[index] ?? '');
  }
  return `${line}\r\n`;
}

/** Quotes a field when CSV requires it. */
export function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Prefixes text a spreadsheet would read as a formula with an apostrophe. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
