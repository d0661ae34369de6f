import { toPeriod } from './access-file.parser.js';
import { budgetWindow, utcDay } from './budget-window.js';

describe('budgetWindow', () => {
  it('starts a 1d period at midnight UTC and a 7d one on Monday', () => {
    const now = Date.UTC(2026, 10, 26, 15, 30); // a Thursday
    expect(budgetWindow(toPeriod('1d'), now)).toMatchObject({ startsAt: Date.UTC(2026, 10, 26), endsAt: Date.UTC(2026, 10, 27) });
    expect(budgetWindow(toPeriod('7d'), now)).toMatchObject({ startsAt: Date.UTC(2026, 10, 23), endsAt: Date.UTC(2026, 10, 30) });
  });

  it('names each window of a period differently, and `total` as one window without end', () => {
    const period = toPeriod('30d');
    const now = Date.UTC(2026, 10, 26);
    const window = budgetWindow(period, now);
    expect(budgetWindow(period, (window.endsAt ?? 0) - 1).id).toBe(window.id);
    expect(budgetWindow(period, window.endsAt ?? 0).id).not.toBe(window.id);
    expect(budgetWindow(toPeriod('total'), now)).toEqual({ id: 'total' });
  });

  it('counts UTC days since the epoch', () => {
    expect(utcDay(Date.UTC(1970, 0, 2, 23, 59))).toBe(1);
  });
});
