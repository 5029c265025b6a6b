import { usd } from "../../sdk/money";
import * as root from "../../index";

describe("usd", () => {
  test.each([
    [500, 50_000],
    [12.5, 1_250],
    [0.29, 29],
    [19.99, 1_999],
    [0, 0],
    [1_000_000, 100_000_000],
  ])("usd(%p) is %p cents", (dollars, cents) => {
    expect(usd(dollars)).toBe(cents);
  });

  test("is exported from the package root, where programs import it", () => {
    expect(root.usd(500)).toBe(50_000);
  });

  test.each([
    [NaN, /usd\(NaN\): the amount must be a finite number of US dollars/],
    [Infinity, /usd\(Infinity\): the amount must be a finite number/],
    ["500" as unknown as number, /usd\(500\): the amount must be a finite number/],
    [-5, /usd\(-5\): the amount must not be negative/],
    [0.125, /usd\(0\.125\): the amount must be whole cents/],
    [12.345, /usd\(12\.345\): the amount must be whole cents/],
    [1e20, /usd\(100000000000000000000\): the amount is too large/],
  ])("refuses %p, naming the value and the rule", (dollars, message) => {
    expect(() => usd(dollars)).toThrow(message);
  });
});
