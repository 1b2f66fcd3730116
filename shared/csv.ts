/**
 * CSV cells by RFC 4180 (comma-separated, CRLF line ends; a field holding a comma, quote
 * or line break is quoted, quotes doubled), made safe for spreadsheets: a cell a
 * spreadsheet would run as a formula (=, +, -, @, tab or CR first) gets a leading
 * apostrophe. Used by the core's streamed export, which every door saves as it is.
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

/**
 * Counts the records of CSV text fed in pieces, as a download arrives: a line break ends
 * a record unless it is inside quotes (a doubled quote toggles twice, so it is neutral).
 */
export function csvRecordCounter(): { add(text: string): number; readonly records: number } {
  let quoted = false;
  let records = 0;
  return {
    add(text) {
      for (let at = 0; at < text.length; at += 1) {
        const code = text.charCodeAt(at);
        if (code === 34) quoted = !quoted;
        else if (code === 10 && !quoted) records += 1;
      }
      return records;
    },
    get records() {
      return records;
    },
  };
}
