import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { downsampleMinMax, type XY } from './downsample.js';

const line = (ys: number[]): XY[] => ys.map((y, x) => ({ x, y }));

describe('downsampleMinMax', () => {
  it('returns the line itself when it already fits', () => {
    const points = line([1, 2, 3]);
    expect(downsampleMinMax(points, 3)).to.equal(points);
    expect(downsampleMinMax(points, 100)).to.equal(points);
  });

  it('keeps first, last, every slice extreme, and the exact point objects', () => {
    const ys = Array.from({ length: 720 }, (_, i) => (i === 333 ? 9_999.25 : i === 500 ? -7.5 : (i * 37) % 101));
    const points = line(ys);
    const out = downsampleMinMax(points, 100);
    expect(out.length).to.be.at.most(100);
    expect(out.length).to.be.greaterThan(90);
    expect(out[0]).to.equal(points[0]);
    expect(out[out.length - 1]).to.equal(points[719]);
    expect(out).to.include(points[333]);
    expect(out).to.include(points[500]);
    for (const p of out) expect(p).to.equal(points[p.x]);
  });

  it('never exceeds the target, stays in x order, keeps the extremes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 0, maxLength: 3000 }),
        fc.integer({ min: 0, max: 1500 }),
        (ys, target) => {
          const points = line(ys);
          const out = downsampleMinMax(points, target);
          expect(out.length).to.be.at.most(Math.max(target, 0));
          for (let i = 1; i < out.length; i++) expect(out[i]!.x).to.be.greaterThan(out[i - 1]!.x);
          for (const p of out) expect(p).to.equal(points[p.x]);
          if (target >= 2 && points.length >= 2) {
            expect(out[0]).to.equal(points[0]);
            expect(out[out.length - 1]).to.equal(points[points.length - 1]);
          }
          if (target >= 4 && points.length > 0) {
            const ysOut = out.map((p) => p.y);
            expect(Math.max(...ysOut)).to.equal(Math.max(...ys));
            expect(Math.min(...ysOut)).to.equal(Math.min(...ys));
          }
        },
      ),
      { numRuns: 200, seed: 20260304 },
    );
  });
});
