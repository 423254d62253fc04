// Reads CSV text as RFC 4180 describes it, forgiving what spreadsheets and chat clients add:
// a byte-order mark, LF or CR line ends as well as CRLF, blank lines, spaces around a quoted
// cell. Every record keeps the line it starts on, so a problem can be shown by line number.

export interface CsvRecord {
  /** The line (counting from 1) the record starts on; a quoted cell may run over later lines. */
  line: number;
  cells: string[];
}

export interface CsvProblem {
  line: number;
  message: string;
}

export interface CsvRead {
  records: CsvRecord[];
  /** Records that could not be read; the rest are still returned, so every problem is reported at once. */
  problems: CsvProblem[];
}

export function readCsv(text: string): CsvRead {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const input = text.replace(/^\uFEFF/, "");
  let i = 0;
  let line = 1;
  while (i < input.length) {
    const start = line;
    const cells: string[] = [];
    let broken: string | null = null;
    for (;;) {
      const cell = readCell(input, i);
      line += cell.newlines;
      i = cell.end;
      if (cell.problem !== null && broken === null) broken = cell.problem;
      cells.push(cell.value);
      if (input.charAt(i) === ",") {
        i++;
        continue;
      }
      break;
    }
    // i is at a line end (or the end of the text): step over CRLF, LF or CR as one.
    if (input.charAt(i) === "\r") i++;
    if (input.charAt(i) === "\n") i++;
    line++;
    if (broken !== null) problems.push({ line: start, message: broken });
    else if (!(cells.length === 1 && cells[0]!.trim() === "")) records.push({ line: start, cells });
  }
  return { records, problems };
}

interface Cell {
  value: string;
  end: number;
  newlines: number;
  problem: string | null;
}

function readCell(input: string, from: number): Cell {
  let i = from;
  while (input.charAt(i) === " " || input.charAt(i) === "\t") i++;
  if (input.charAt(i) !== '"') {
    let end = from;
    while (end < input.length && !",\r\n".includes(input.charAt(end))) end++;
    const value = input.slice(from, end);
    const problem = value.includes('"') ? 'a quote (") inside a cell that does not start with one; put the whole cell in quotes and double the quote' : null;
    return { value: value.trim(), end, newlines: 0, problem };
  }
  // A quoted cell: "" is one quote; commas and line ends inside are part of the value.
  let value = "";
  let newlines = 0;
  i++;
  for (;;) {
    if (i >= input.length) return { value, end: i, newlines, problem: "a quoted cell is never closed: a closing quote (\") is missing" };
    const ch = input.charAt(i);
    if (ch === '"') {
      if (input.charAt(i + 1) === '"') {
        value += '"';
        i += 2;
        continue;
      }
      i++;
      break;
    }
    if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && input.charAt(i + 1) === "\n") {
        value += "\r";
        i++;
      }
      newlines++;
    }
    value += input.charAt(i);
    i++;
  }
  while (input.charAt(i) === " " || input.charAt(i) === "\t") i++;
  if (i < input.length && !",\r\n".includes(input.charAt(i))) {
    let end = i;
    while (end < input.length && !",\r\n".includes(input.charAt(end))) end++;
    return { value, end, newlines, problem: "text after a closing quote; put the whole cell in quotes" };
  }
  return { value, end: i, newlines, problem: null };
}
