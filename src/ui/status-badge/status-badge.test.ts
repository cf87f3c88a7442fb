/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';
import { hostStyles } from '../../styles/shared.styles.js';
import { defineOnce } from '../portal-element.js';
import { StatusBadge, renderStatusBadge, toneGlyphs, type BadgeTone } from './status-badge.js';
import { statusBadgeStyles } from './status-badge.styles.js';

defineOnce('cp-status-badge', StatusBadge);

const tones: BadgeTone[] = ['success', 'warning', 'danger', 'info', 'neutral'];

class BadgeHost extends LitElement {
  static override styles = [hostStyles, statusBadgeStyles];
  override render() {
    return litHtml`${renderStatusBadge('danger', 'Overdue')}`;
  }
}
defineOnce('test-badge-host', BadgeHost);
declare global {
  interface HTMLElementTagNameMap { 'test-badge-host': BadgeHost }
}

describe('<cp-status-badge>', () => {
  it('reads as its label, with a decorative glyph per tone', async () => {
    for (const tone of tones) {
      const el = await fixture<StatusBadge>(html`<cp-status-badge tone=${tone} label="Paid"></cp-status-badge>`);
      const badge = el.shadowRoot!.querySelector('[part~="badge"]')!;
      expect(badge.getAttribute('part')).to.equal(`badge badge-${tone}`);
      expect(badge.querySelector('.label')!.textContent).to.equal('Paid');
      const glyph = badge.querySelector('.glyph')!;
      expect(glyph.getAttribute('aria-hidden')).to.equal('true');
      expect(glyph.textContent).to.equal(toneGlyphs[tone]);
      await expect(el).to.be.accessible();
    }
  });

  it('gives every tone a different glyph, so tones differ without colour', () => {
    expect(new Set(Object.values(toneGlyphs)).size).to.equal(tones.length);
  });

  it('takes a custom glyph and falls back to neutral for an unknown tone', async () => {
    const el = await fixture<StatusBadge>(html`<cp-status-badge tone=${'bogus' as BadgeTone} label="Draft" glyph="✎"></cp-status-badge>`);
    const badge = el.shadowRoot!.querySelector('.badge')!;
    expect(badge.classList.contains('neutral')).to.equal(true);
    expect(badge.querySelector('.glyph')!.textContent).to.equal('✎');
  });

  it('colours each tone differently and keeps the text readable', async () => {
    const colours = new Set<string>();
    for (const tone of tones) {
      const el = await fixture<StatusBadge>(html`<cp-status-badge tone=${tone} label="Status"></cp-status-badge>`);
      colours.add(getComputedStyle(el.shadowRoot!.querySelector('.badge')!).backgroundColor);
      await expect(el).to.be.accessible();
    }
    expect(colours.size).to.equal(tones.length);
  });

  it('renders the same pill inside another element with renderStatusBadge()', async () => {
    const el = await fixture<BadgeHost>(html`<test-badge-host></test-badge-host>`);
    const badge = el.shadowRoot!.querySelector('.badge.danger')!;
    expect(badge.textContent!.trim()).to.equal('!Overdue');
    expect(badge.querySelector('.label')!.textContent).to.equal('Overdue');
    expect(getComputedStyle(badge).borderRadius).to.equal('999px');
    await expect(el).to.be.accessible();
  });
});
