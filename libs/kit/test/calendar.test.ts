import { describe, expect, it } from 'vitest';
import { programmeYear, zonedDay, zonedParts } from '../src/calendar.ts';

describe('the programme calendar (DOMAIN §0: dates in the programme zone)', () => {
  it('reads the wall clock of Shanghai, eight hours ahead of UTC', () => {
    expect(zonedParts(new Date('2026-03-04T05:06:07Z'), 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 3,
      day: 4,
      hour: 13,
      minute: 6,
      second: 7,
    });
  });

  it('counts New Year’s Eve after 16:00 UTC as the next programme year in Shanghai', () => {
    expect(programmeYear(new Date('2026-12-31T15:59:59Z'), 'Asia/Shanghai')).toBe(2026);
    expect(programmeYear(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe(2027);
  });

  it('shows midnight as hour 0, not 24', () => {
    expect(zonedParts(new Date('2026-06-30T16:00:00Z'), 'Asia/Shanghai').hour).toBe(0);
  });

  it('reads the same within a second and the next second anew, zone by zone', () => {
    const at = Date.parse('2026-12-31T15:59:59.000Z');
    expect(programmeYear(new Date(at + 999), 'Asia/Shanghai')).toBe(2026);
    expect(zonedParts(new Date(at + 500), 'UTC').hour).toBe(15);
    expect(programmeYear(new Date(at + 1000), 'Asia/Shanghai')).toBe(2027);
    expect(zonedParts(new Date(at + 999), 'Asia/Shanghai').second).toBe(59);
  });

  it('keeps each zone apart when several are read in turn', () => {
    const at = new Date('2026-01-01T02:00:00Z');
    expect(zonedDay(at, 'Asia/Shanghai')).toBe('2026-01-01');
    expect(zonedDay(at, 'America/New_York')).toBe('2025-12-31');
    expect(zonedDay(at, 'Asia/Shanghai')).toBe('2026-01-01');
  });
});
