import { expect } from '@open-wc/testing';
import { currencyCode, formatMoney, formatNumber, formatQuantity, formatSignedMoney } from './money.js';

describe('money and number formatting', () => {
  it('formats decimal strings exactly, beyond what a double holds', () => {
    expect(formatMoney('12345678901234567.89', 'usd', 'en')).to.equal('$12,345,678,901,234,567.89');
    expect(formatNumber('0.1000000000000000055511', 'en', { maximumFractionDigits: 22 })).to.equal('0.1000000000000000055511');
  });

  it('writes a true minus sign for negative values, and none for zero or positive ones', () => {
    expect(formatMoney('-20', 'usd', 'en')).to.equal('\u2212$20.00');
    expect(formatMoney('-0', 'usd', 'en')).to.equal('$0.00');
    expect(formatNumber('-1234.5', 'de')).to.equal('\u22121.234,5');
    expect(formatNumber('1234.5', 'de')).to.equal('1.234,5');
    expect(formatSignedMoney('100', 'usd', 'en')).to.equal('+$100.00');
    expect(formatSignedMoney('-20', 'usd', 'en')).to.equal('\u2212$20.00');
    expect(formatSignedMoney('0', 'usd', 'en')).to.equal('$0.00');
  });

  it('uses each currency’s own minor units', () => {
    expect(formatMoney('1234.5', 'jpy', 'en')).to.equal('¥1,235');
    expect(formatMoney('1.2345', 'kwd', 'en')).to.equal('KWD\u00a01.235');
  });

  it('falls back to a plain number for an unknown or malformed currency, every time it is asked', () => {
    expect(currencyCode('usd')).to.equal('USD');
    expect(currencyCode('us dollars')).to.equal(null);
    for (let i = 0; i < 2; i++) {
      expect(currencyCode('zzzz')).to.equal(null);
      expect(formatMoney('5', 'credits', 'en')).to.equal('5 CREDITS');
    }
    expect(formatMoney('not a number', 'usd', 'en')).to.equal('—');
  });

  it('picks the unit by the locale’s plural rules', () => {
    expect(formatQuantity('1', 'call', 'calls', 'en')).to.equal('1 call');
    expect(formatQuantity('1250', 'call', 'calls', 'en')).to.equal('1,250 calls');
  });
});
