import { describe, expect, it } from 'vitest';
import { pageNumbers } from './parts.tsx';

describe("the catalogue's pagination (issue 20 item 6)", () => {
  it('offers every page up to seven', () => {
    expect(pageNumbers(1, 2)).toEqual([1, 2]);
    expect(pageNumbers(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('beyond seven, the first, the last and two either side of the current one, gaps between', () => {
    expect(pageNumbers(1, 10)).toEqual([1, 2, 3, 4, 5, 6, 'gap', 10]);
    expect(pageNumbers(5, 10)).toEqual([1, 'gap', 3, 4, 5, 6, 7, 'gap', 10]);
    expect(pageNumbers(10, 10)).toEqual([1, 'gap', 5, 6, 7, 8, 9, 10]);
  });
});
