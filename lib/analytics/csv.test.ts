import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("CSV export", () => {
  it("quotes what needs quoting and defuses spreadsheet formulas", () => {
    const csv = toCsv(
      [
        { header: "name", value: (r: { name: string; n: number | null }) => r.name },
        { header: "n", value: (r) => r.n },
      ],
      [
        { name: 'Pizza, "Shack"', n: 1.23456 },
        { name: "=HYPERLINK(1)", n: null },
        { name: "-1+1", n: 2 },
      ],
    );
    expect(csv).toBe('name,n\r\n"Pizza, ""Shack""",1.235\r\n\'=HYPERLINK(1),\r\n\'-1+1,2\r\n');
  });
});
