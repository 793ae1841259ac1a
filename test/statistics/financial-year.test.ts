import {
  cellsToSuppress,
  financialYearOf,
  isSmallNumber,
  median,
  parseFinancialYear,
  yearsBefore,
} from "../../src/modules/statistics/financial-year";

describe("financial years (1 April to 31 March)", () => {
  it('reads "2023/24" as 1 April 2023 to 31 March 2024, with its four quarters', () => {
    const fy = parseFinancialYear("2023/24")!;
    expect([fy.label, fy.startYear, fy.startsOn, fy.endsOn]).toEqual(["2023/24", 2023, "2023-04-01", "2024-03-31"]);
    expect(fy.quarters.map(q => [q.label, q.startsOn, q.endsOn, q.months])).toEqual([
      ["Q1", "2023-04-01", "2023-06-30", "April to June 2023"],
      ["Q2", "2023-07-01", "2023-09-30", "July to September 2023"],
      ["Q3", "2023-10-01", "2023-12-31", "October to December 2023"],
      ["Q4", "2024-01-01", "2024-03-31", "January to March 2024"],
    ]);
  });

  it("crosses the century: 1999/00 and 2099/00", () => {
    expect(parseFinancialYear("1999/00")?.endsOn).toBe("2000-03-31");
    expect(parseFinancialYear("2099/00")?.endsOn).toBe("2100-03-31");
  });

  it.each(["2023-24", "2023/2024", "2023/25", "2023/23", "23/24", " 2023/24", "2023/24\n", "２０２３/24", "2023/4", "9999/00", "0999/00", ""])(
    "refuses %j",
    text => expect(parseFinancialYear(text)).toBeNull(),
  );

  it("puts 31 March in the year that ends and 1 April in the year that starts", () => {
    expect(financialYearOf("2024-03-31").label).toBe("2023/24");
    expect(financialYearOf("2024-04-01").label).toBe("2024/25");
    expect(financialYearOf("2024-01-01").label).toBe("2023/24");
    expect(financialYearOf("2023-12-31").label).toBe("2023/24");
  });

  it("counts back for the year-on-year comparison", () => {
    expect(yearsBefore(parseFinancialYear("2023/24")!, 2).label).toBe("2021/22");
  });
});

describe("median", () => {
  it("is the middle value, the mean of the middle two, or null for none", () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([43, 78, 42])).toBe(43);
    expect(median([132, 22])).toBe(77);
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });
});

describe("small-number suppression", () => {
  it("hides 1 to 4, never 0 or 5 and above", () => {
    expect([0, 1, 4, 5, 100].map(isSmallNumber)).toEqual([false, true, true, false, false]);
  });

  it.each([
    // cells, hidden: why
    [[0, 0, 0, 0], [], "nothing small"],
    [[5, 6, 7, 8], [], "nothing small"],
    [[3, 6, 7, 1], [0, 3], "two small cells protect each other"],
    [[2, 5, 0, 0], [0, 1], "one small cell: the smallest other non-zero is hidden too, so subtraction gives nothing"],
    [[9, 3, 6, 6], [1, 2], "ties go to the earliest"],
    [[0, 3, 0, 0], [1], "nothing else to hide: the total (published by law) gives it away anyway"],
    [[1, 2, 1, 0], [0, 1, 2], "three small cells"],
  ])("%j -> hides %j (%s)", (cells, hidden) => {
    expect(cellsToSuppress(cells)).toEqual(hidden);
  });
});
