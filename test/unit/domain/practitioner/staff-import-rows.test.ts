import { describe, expect, it } from "vitest";
import { readCsv } from "../../../../src/domain/practitioner/csv-records.js";
import { MAX_IMPORT_ROWS, readStaffRows } from "../../../../src/domain/practitioner/staff-import-rows.js";

const TODAY = "2026-12-03";
const rows = (csv: string) => readStaffRows(readCsv(csv).records, TODAY);

describe("readStaffRows", () => {
  it("reads columns in any order and case, with every field", () => {
    const read = rows(
      "Agency,HANDLE,Name,Role,Manager,DBS,Qualified,Employment,Slack_ID,teams aad id\n" +
        '"Children\'s Services, North",@Sam.Patel,"Patel, Sam",Social Worker,@alex.morgan,14/03/2025,2019-07-01,agency,u0sampa01,8F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9\n',
    );
    expect(read.problems).toEqual([]);
    expect(read.rows).toEqual([
      {
        line: 2,
        given: ["agency", "handle", "name", "role", "manager", "dbs", "qualified", "employment", "slack_id", "teams_aad_id"],
        handle: "sam.patel",
        name: "Patel, Sam",
        role: "social-worker",
        agency: "Children's Services, North",
        managerHandle: "alex.morgan",
        dbs: "2025-03-14",
        qualified: "2019-07-01",
        employment: "agency",
        slackId: "U0SAMPA01",
        teamsAadId: "8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
      },
    ]);
  });

  it("leaves out what an empty cell does not say", () => {
    expect(rows("handle,name,role\nsam.patel,,\n").rows).toEqual([{ line: 2, given: ["handle"], handle: "sam.patel" }]);
  });

  it("lists every problem of every line", () => {
    const read = rows(
      [
        "handle,name,role,agency,dbs,qualified,employment,manager,slack_id,email",
        "sam.patel,Sam Patel,wizard,CSC,2025-02-30,2027-01-01,contractor,sam.patel,not-an-id,",
        ",Ann Lee,teacher,Oak School,,,,,,",
        "bo.kim,Bo Kim,teacher,Oak School,,,,,,bo.kim@example.org",
        "too,few",
      ].join("\n"),
    );
    // Rows with a readable handle go on to the register's checks; none is written with a problem.
    expect(read.rows.map((r) => [r.line, r.handle])).toEqual([[2, "sam.patel"], [4, "bo.kim"]]);
    const byLine = (line: number) => read.problems.filter((p) => p.line === line).map((p) => p.message);
    expect(byLine(2)).toEqual([
      expect.stringMatching(/^unknown role "wizard"; use one of social-worker/),
      expect.stringMatching(/^unknown employment "contractor"/),
      expect.stringMatching(/^bad DBS check date "2025-02-30"/),
      "the qualification date 2027-01-01 is in the future",
      "a practitioner can't be their own manager",
      expect.stringMatching(/is not a Slack user id/),
    ]);
    expect(byLine(3)).toEqual(["missing handle"]);
    expect(byLine(4)).toEqual([expect.stringContaining("an email alone can't be matched")]);
    expect(byLine(5)).toEqual(["malformed row: it has 2 cells and the header has 10"]);
  });

  it("refuses a header with an unknown or repeated column, or without handle", () => {
    const read = rows("name,role,nickname,Role\nSam Patel,teacher,Sam,teacher\n");
    expect(read.rows).toEqual([]);
    expect(read.problems.every((p) => p.line === 1)).toBe(true);
    expect(read.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('unknown column "nickname"'),
      "the header names the column role twice",
      "the header has no handle column; every row needs a handle",
    ]);
  });

  it("refuses an empty file and a header alone", () => {
    expect(rows("").problems[0]!.message).toContain("empty");
    expect(rows("handle,name\n").problems).toEqual([{ line: 1, message: "there are no rows under the header" }]);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows at the first one over, and takes exactly ${MAX_IMPORT_ROWS}`, () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `p${i},P ${i},teacher,School`).join("\n");
    const over = rows(`handle,name,role,agency\n${body(MAX_IMPORT_ROWS + 1)}`);
    expect(over.rows).toEqual([]);
    expect(over.problems).toEqual([{ line: MAX_IMPORT_ROWS + 2, message: expect.stringContaining(`too many rows: ${MAX_IMPORT_ROWS + 1}`) }]);
    expect(rows(`handle,name,role,agency\n${body(MAX_IMPORT_ROWS)}`).rows).toHaveLength(MAX_IMPORT_ROWS);
  });

  it("refuses a name longer than practitioner add allows", () => {
    expect(rows(`handle,name\nsam.patel,${"x".repeat(121)}\n`).problems).toEqual([{ line: 2, message: "the name is longer than 120 characters" }]);
  });
});
