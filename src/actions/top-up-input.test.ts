import { expect } from '@open-wc/testing';
import { checkCredits } from './top-up-input.js';
import { AttemptKeys, returnUrl } from './action-runner.js';

const none = { minAmount: null, maxAmount: null };

describe('top-up input', () => {
  it('accepts plain positive decimals and prices them exactly (credits × rate)', () => {
    expect(checkCredits('100', '0.1', none)).to.deep.equal({ ok: true, credits: '100', amount: '10' });
    expect(checkCredits(' 12.5 ', '0.01', none)).to.deep.equal({ ok: true, credits: '12.5', amount: '0.125' });
  });

  for (const [typed, problem] of [
    ['abc', 'number'],
    ['', 'number'],
    ['1e309', 'number'],
    ['1,000', 'number'],
    ['-5', 'positive'],
    ['0', 'positive'],
    ['0.000', 'positive'],
    ['99999999999999', 'too-many'],
    ['1000000001', 'too-many'],
  ] as const) {
    it(`refuses ${JSON.stringify(typed)} (${problem})`, () => {
      const check = checkCredits(typed, '0.1', none);
      expect(check.ok).to.equal(false);
      if (!check.ok) expect(check.problem).to.equal(problem);
    });
  }

  it('checks the stated bounds on the money charged', () => {
    expect(checkCredits('50', '0.1', { minAmount: '10', maxAmount: null })).to.deep.include({ ok: false, problem: 'below-min' });
    expect(checkCredits('100', '0.1', { minAmount: '10', maxAmount: null }).ok).to.equal(true);
    expect(checkCredits('2000', '0.1', { minAmount: null, maxAmount: '100' })).to.deep.include({ ok: false, problem: 'above-max' });
  });
});

describe('attempt keys', () => {
  it('one key per input: the same input reuses it, a changed input gets a new one', () => {
    const keys = new AttemptKeys();
    const a = keys.for('{"credits":"10"}');
    expect(keys.for('{"credits":"10"}')).to.equal(a);
    const b = keys.for('{"credits":"11"}');
    expect(b).to.not.equal(a);
    expect(keys.for('{"credits":"10"}')).to.not.equal(a);
    expect(new AttemptKeys().for('{"credits":"11"}')).to.not.equal(b);
  });

  it('the return URL is the page origin and path, without query or fragment', () => {
    history.replaceState(null, '', `${location.pathname}?token=secret#frag`);
    try {
      expect(returnUrl()).to.equal(location.origin + location.pathname);
    } finally {
      history.replaceState(null, '', location.pathname);
    }
  });
});
