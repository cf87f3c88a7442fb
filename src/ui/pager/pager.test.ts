/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { defineOnce } from '../portal-element.js';
import { Pager, PageChangeEvent } from './pager.js';

defineOnce('cp-pager', Pager);

const range = (el: Pager) => el.shadowRoot!.querySelector('[part~="range"]')!.textContent!.replace(/\s+/g, ' ').trim();
const button = (el: Pager, to: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`button[data-to="${to}"]`)!;

describe('<cp-pager>', () => {
  describe('range text', () => {
    it('says where you are, with grouped numbers', async () => {
      const el = await fixture<Pager>(html`<cp-pager .page=${3} .pageSize=${20} .total=${5000}></cp-pager>`);
      expect(range(el)).to.match(/^41–60 of 5,000/);
      expect(range(el)).to.contain('Page 3 of 250');
    });

    it('ends the last page at the total', async () => {
      const el = await fixture<Pager>(html`<cp-pager page="3" page-size="20" total="45"></cp-pager>`);
      expect(range(el)).to.match(/^41–45 of 45/);
    });

    it('clamps a page beyond the end', async () => {
      const el = await fixture<Pager>(html`<cp-pager .page=${99} .pageSize=${20} .total=${45}></cp-pager>`);
      expect(el.currentPage).to.equal(3);
      expect(range(el)).to.match(/^41–45 of 45/);
    });

    it('says "No items" for an empty list and offers no moves', async () => {
      const el = await fixture<Pager>(html`<cp-pager .total=${0}></cp-pager>`);
      expect(range(el)).to.match(/^No items/);
      for (const to of ['first', 'previous', 'next', 'last']) expect(button(el, to).getAttribute('aria-disabled')).to.equal('true');
    });
  });

  describe('buttons', () => {
    it('moves to the next, previous, first and last page', async () => {
      const el = await fixture<Pager>(html`<cp-pager .page=${2} .pageSize=${20} .total=${5000}></cp-pager>`);
      const pages: number[] = [];
      el.addEventListener('page-change', (e) => pages.push(e.page));
      button(el, 'next').click();
      await el.updateComplete;
      expect(range(el)).to.match(/^41–60 of 5,000/);
      button(el, 'previous').click();
      button(el, 'last').click();
      await el.updateComplete;
      expect(range(el)).to.match(/^4,981–5,000 of 5,000/);
      button(el, 'first').click();
      await el.updateComplete;
      expect(pages).to.deep.equal([3, 2, 250, 1]);
      expect(range(el)).to.match(/^1–20 of 5,000/);
    });

    it('does nothing at the ends (buttons stay focusable, marked disabled)', async () => {
      const el = await fixture<Pager>(html`<cp-pager .page=${1} .total=${30}></cp-pager>`);
      let fired = 0;
      el.addEventListener('page-change', () => fired++);
      expect(button(el, 'previous').getAttribute('aria-disabled')).to.equal('true');
      expect(button(el, 'first').getAttribute('aria-disabled')).to.equal('true');
      button(el, 'previous').click();
      button(el, 'first').click();
      expect(fired).to.equal(0);
      button(el, 'next').click();
      await el.updateComplete;
      expect(fired).to.equal(1);
      expect(button(el, 'next').getAttribute('aria-disabled')).to.equal('true');
      button(el, 'next').click();
      expect(fired).to.equal(1);
    });

    it('fires a bubbling, non-composed, cancelable page-change; cancelling keeps the page', async () => {
      const el = await fixture<Pager>(html`<cp-pager .page=${1} .total=${100}></cp-pager>`);
      setTimeout(() => button(el, 'next').click());
      const event = (await oneEvent(el, 'page-change')) as unknown as PageChangeEvent;
      expect(event).to.be.instanceOf(PageChangeEvent);
      expect(event.bubbles).to.equal(true);
      expect(event.composed).to.equal(false);
      expect(event.page).to.equal(2);
      expect(event.pageSize).to.equal(20);

      el.addEventListener('page-change', (e) => e.preventDefault(), { once: true });
      button(el, 'next').click();
      await el.updateComplete;
      expect(el.page).to.equal(2);
    });

    it('names the icon-only buttons', async () => {
      const el = await fixture<Pager>(html`<cp-pager .total=${100}></cp-pager>`);
      expect(button(el, 'first').getAttribute('aria-label')).to.equal('First page');
      expect(button(el, 'last').getAttribute('aria-label')).to.equal('Last page');
      expect(button(el, 'next').textContent).to.contain('Next');
      expect(button(el, 'previous').textContent).to.contain('Previous');
    });
  });

  describe('keyboard', () => {
    it('pages with Tab and Enter/Space, keeping focus on the button at the end', async () => {
      const el = await fixture<Pager>(html`<cp-pager .page=${1} .total=${40}></cp-pager>`);
      button(el, 'next').focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.page).to.equal(2);
      expect(el.shadowRoot!.activeElement).to.equal(button(el, 'next'));
      await sendKeys({ press: 'Shift+Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(button(el, 'previous'));
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(el.page).to.equal(1);
    });
  });

  describe('page size', () => {
    it('offers a size select only when given sizes, and keeps the first item in view', async () => {
      const plain = await fixture<Pager>(html`<cp-pager .total=${100}></cp-pager>`);
      expect(plain.shadowRoot!.querySelector('select')).to.equal(null);

      const el = await fixture<Pager>(html`<cp-pager .page=${3} .pageSize=${20} .pageSizes=${[10, 20, 50]} .total=${100}></cp-pager>`);
      const select = el.shadowRoot!.querySelector('select')!;
      expect(select.value).to.equal('20');
      setTimeout(() => {
        select.value = '50';
        select.dispatchEvent(new Event('change'));
      });
      const event = (await oneEvent(el, 'page-change')) as unknown as PageChangeEvent;
      expect([event.page, event.pageSize]).to.deep.equal([1, 50]); // item 41 is on page 1 of 50
      await el.updateComplete;
      expect(range(el)).to.match(/^1–50 of 100/);
    });
  });

  it('is accessible', async () => {
    const el = await fixture<Pager>(html`<cp-pager .page=${3} .pageSizes=${[20, 50]} .total=${5000} label="Transaction pages"></cp-pager>`);
    await expect(el).to.be.accessible();
    const empty = await fixture<Pager>(html`<cp-pager .total=${0}></cp-pager>`);
    await expect(empty).to.be.accessible();
  });
});
