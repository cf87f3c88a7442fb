import { expect } from '@open-wc/testing';
import { axisOfLine, groupAxes, type AxisLine } from './axis-groups.js';

const line = (unitPlural: string, peak: number, unitSingular = unitPlural): AxisLine => ({ unitSingular, unitPlural, peak });

describe('groupAxes (y-axis bands of the usage chart)', () => {
  it('the typical customer: GPU hours share a band, requests and GB get their own', () => {
    // A100 GPU hours, H100 GPU hours, API requests, Data transfer (peaks of a 7-day range).
    const groups = groupAxes([line('GPU hours', 8.4, 'GPU hour'), line('GPU hours', 5.6, 'GPU hour'), line('requests', 6961, 'request'), line('GB', 96)]);
    expect(groups.map((g) => [g.id, g.unitPlural, g.lines])).to.deep.equal([
      ['y0', 'GPU hours', [0, 1]],
      ['y1', 'requests', [2]],
      ['y2', 'GB', [3]],
    ]);
  });

  it('a line far smaller than the others of its unit gets a band of its own (it would lie flat)', () => {
    const groups = groupAxes([line('GB', 120), line('GB', 40), line('GB', 4.8), line('GB', 50)]);
    expect(groups.map((g) => g.lines)).to.deep.equal([[0, 1, 3], [2]]);
    expect(groups.every((g) => g.unitPlural === 'GB')).to.equal(true);
  });

  it('exactly a quarter of the peak still shares the band; just under it does not', () => {
    expect(groupAxes([line('GB', 100), line('GB', 25)]).map((g) => g.lines)).to.deep.equal([[0, 1]]);
    expect(groupAxes([line('GB', 100), line('GB', 24.99)]).map((g) => g.lines)).to.deep.equal([[0], [1]]);
  });

  it('a line of zeros joins its unit\'s first band; alone it gets one', () => {
    expect(groupAxes([line('GB', 0), line('GB', 10)]).map((g) => g.lines)).to.deep.equal([[0, 1]]);
    expect(groupAxes([line('tickets', 0), line('GB', 10)]).map((g) => [g.unitPlural, g.lines])).to.deep.equal([
      ['tickets', [0]],
      ['GB', [1]],
    ]);
  });

  it('units differing only in the singular are different units; bad peaks count as zero', () => {
    const groups = groupAxes([line('hours', 3, 'hour'), line('hours', 3, 'GPU hour'), line('hours', Number.NaN, 'hour')]);
    expect(groups.map((g) => g.lines)).to.deep.equal([[0, 2], [1]]);
  });

  it('every line is in exactly one band, and axisOfLine maps lines to band ids', () => {
    const lines = [line('a', 1), line('b', 100), line('a', 1000), line('b', 1), line('a', 0.001)];
    const groups = groupAxes(lines);
    const seen = groups.flatMap((g) => g.lines).sort();
    expect(seen).to.deep.equal([0, 1, 2, 3, 4]);
    const axes = axisOfLine(groups, lines.length);
    for (const g of groups) for (const i of g.lines) expect(axes[i]).to.equal(g.id);
    expect(groupAxes([])).to.deep.equal([]);
  });
});
