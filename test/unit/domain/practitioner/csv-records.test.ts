import { describe, expect, it } from "vitest";
import { readCsv } from "../../../../src/domain/practitioner/csv-records.js";

describe("readCsv", () => {
  it("reads quoted cells with commas, doubled quotes and line ends inside", () => {
    const read = readCsv('handle,name\nsam.patel,"Patel, Sam ""SP"""\nann.lee,"Ann\nLee"\nbo.kim,Bo Kim\n');
    expect(read.problems).toEqual([]);
    expect(read.records).toEqual([
      { line: 1, cells: ["handle", "name"] },
      { line: 2, cells: ["sam.patel", 'Patel, Sam "SP"'] },
      { line: 3, cells: ["ann.lee", "Ann\nLee"] },
      // The quoted line end above moves the line count on.
      { line: 5, cells: ["bo.kim", "Bo Kim"] },
    ]);
  });

  it("takes CRLF, bare CR, a byte-order mark and no final line end", () => {
    const read = readCsv("\uFEFFhandle,name\r\nsam.patel,Sam Patel\rann.lee,Ann Lee");
    expect(read.records.map((r) => r.cells)).toEqual([["handle", "name"], ["sam.patel", "Sam Patel"], ["ann.lee", "Ann Lee"]]);
    expect(read.records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it("skips blank lines but keeps counting them", () => {
    const read = readCsv("handle,name\n\n   \nsam.patel,Sam Patel\n\n");
    expect(read.records).toEqual([
      { line: 1, cells: ["handle", "name"] },
      { line: 4, cells: ["sam.patel", "Sam Patel"] },
    ]);
  });

  it("keeps empty cells, and trims spaces around cells", () => {
    expect(readCsv('a,,c\n x , "y" ,\n').records.map((r) => r.cells)).toEqual([["a", "", "c"], ["x", "y", ""]]);
  });

  it("reports a stray quote and text after a closing quote by line, and reads the other lines", () => {
    const read = readCsv('handle,name\nsam.patel,Sam "S" Patel\nann.lee,"Ann" Lee\nbo.kim,Bo Kim\n');
    expect(read.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(read.problems[0]!.message).toContain("quote");
    expect(read.problems[1]!.message).toContain("after a closing quote");
    expect(read.records.map((r) => r.line)).toEqual([1, 4]);
  });

  it("reports a quoted cell that is never closed at the line it opens on", () => {
    const read = readCsv('handle,name\nsam.patel,"Sam Patel\nann.lee,Ann Lee\n');
    expect(read.problems).toEqual([{ line: 2, message: expect.stringContaining("never closed") }]);
    expect(read.records).toHaveLength(1);
  });

  it("reads nothing from empty text", () => {
    expect(readCsv("")).toEqual({ records: [], problems: [] });
  });
});
