import { RateWindow } from "../../emulator/rate-window";

describe("RateWindow", () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it("admits `limit` requests in a window, then says how long until the oldest leaves it", () => {
    const window = new RateWindow(2, 1000, clock);
    expect(window.admit()).toBeUndefined();
    now += 300;
    expect(window.admit()).toBeUndefined();
    now += 100;
    expect(window.admit()).toBe(600);
  });

  it("slides: one admission leaves the window exactly windowMs after it came in", () => {
    const window = new RateWindow(2, 1000, clock);
    window.admit();
    now += 300;
    window.admit();
    now += 699;
    expect(window.admit()).toBe(1);
    now += 1;
    expect(window.admit()).toBeUndefined();
    expect(window.admit()).toBe(300);
  });

  it("does not count refused requests, so a client retrying in a loop is not locked out", () => {
    const window = new RateWindow(1, 1000, clock);
    window.admit();
    for (let i = 0; i < 50; i++) {
      now += 10;
      expect(window.admit()).toBeGreaterThan(0);
    }
    now = 1_000_000 + 1000;
    expect(window.admit()).toBeUndefined();
  });
});
