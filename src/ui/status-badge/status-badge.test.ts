/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';
import { property } from 'lit/decorators.js';
import { hostStyles } from '../../styles/shared.styles.js';
import { defineOnce } from '../portal-element.js';
import { renderStatusBadge, toneGlyphs, type BadgeTone } from './status-badge.js';
import { statusBadgeStyles } from './status-badge.styles.js';

const tones: BadgeTone[] = ['success', 'warning', 'danger', 'info', 'neutral'];

/** An element rendering one badge into its own shadow root, as the tabs do. */
class BadgeHost extends LitElement {
  static override styles = [hostStyles, statusBadgeStyles];
  @property() tone = 'neutral';
  @property() label = 'Status';
  @property() glyph: string | undefined;
  override render() {
    return litHtml`${renderStatusBadge(this.tone as BadgeTone, this.label, this.glyph)}`;
  }
}
defineOnce('test-badge-host', BadgeHost);
declare global {
  interface HTMLElementTagNameMap { 'test-badge-host': BadgeHost }
}

const badgeOf = (el: BadgeHost) => el.shadowRoot!.querySelector<HTMLElement>('[part="status-badge"]')!;

describe('renderStatusBadge()', () => {
  it('reads as its label, with a decorative glyph per tone, as one status-badge part', async () => {
    for (const tone of tones) {
      const el = await fixture<BadgeHost>(html`<test-badge-host tone=${tone} label="Paid"></test-badge-host>`);
      const badge = badgeOf(el);
      expect(badge.classList.contains(tone)).to.equal(true);
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
    const el = await fixture<BadgeHost>(html`<test-badge-host tone="bogus" label="Draft" glyph="✎"></test-badge-host>`);
    const badge = badgeOf(el);
    expect(badge.classList.contains('neutral')).to.equal(true);
    expect(badge.querySelector('.glyph')!.textContent).to.equal('✎');
  });

  it('colours each tone differently and keeps the text readable', async () => {
    const colours = new Set<string>();
    for (const tone of tones) {
      const el = await fixture<BadgeHost>(html`<test-badge-host tone=${tone} label="Status"></test-badge-host>`);
      colours.add(getComputedStyle(badgeOf(el)).backgroundColor);
      await expect(el).to.be.accessible();
    }
    expect(colours.size).to.equal(tones.length);
  });

  it('is a pill: glyph then label', async () => {
    const el = await fixture<BadgeHost>(html`<test-badge-host tone="danger" label="Overdue"></test-badge-host>`);
    expect(badgeOf(el).textContent!.trim()).to.equal('!Overdue');
    expect(getComputedStyle(badgeOf(el)).borderRadius).to.equal('999px');
  });
});
