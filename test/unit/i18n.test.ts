import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { deepQuery } from './hostile-support.js';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import { en, isRtlLocale, loadMessages, matchUiLocale, UI_LOCALES, type MessageKey, type Messages } from '../../src/i18n/index.js';
import { portalFetchStub } from '../helpers/portal-fetch.js';
import { preloadBackends } from '../helpers/backends.js';

preloadBackends('flexprice');

type Stub = Awaited<ReturnType<typeof portalFetchStub>>;

/** Every text node under `node`, through shadow roots, as the user reads it. */
function deepText(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    for (const child of n.childNodes) walk(child);
  };
  walk(node);
  return parts.join(' ').replace(/\s+/g, ' ');
}

const base = (el: CustomerPortal) => el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
const tabLabels = (el: CustomerPortal) => [...el.shadowRoot!.querySelectorAll('[role="tab"]')].map((t) => t.textContent!.trim());
const overview = (el: CustomerPortal) => el.shadowRoot!.querySelector('cp-section-panel[data-tab="overview"]')!;
const localeResources = () => performance.getEntriesByType('resource').filter((e) => /\/i18n\/locales\//.test(e.name));

describe('i18n', () => {
  describe('the first load', () => {
    // Runs first, before anything below imports a language: the element and English load without any translation.
    it('imports no translation until a locale needs one, then only that language', async () => {
      const stub = await portalFetchStub({ customer: 'cus-typical' });
      try {
        const el = await fixture<CustomerPortal>(html`<customer-portal api-base=${stub.apiBase} .token=${stub.token}></customer-portal>`);
        await waitUntil(() => tabLabels(el).includes('Overview'), 'English tabs never appeared');
        expect(localeResources().map((e) => e.name)).to.deep.equal([]);
        el.locale = 'de-AT';
        await waitUntil(() => tabLabels(el).includes('Übersicht'), 'German tabs never appeared');
        const loaded = localeResources().map((e) => e.name.replace(/\?.*$/, '').split('/').pop());
        expect(loaded).to.deep.equal(['de.ts']);
      } finally {
        stub.restore();
      }
    });
  });

  describe('matchUiLocale', () => {
    it('picks the best shipped language', () => {
      const best: [asked: string | null, shipped: string][] = [
        ['pt-BR', 'pt-BR'],
        ['pt', 'pt-BR'],
        ['pt-PT', 'pt-BR'],
        ['de-AT', 'de'],
        ['DE-ch', 'de'],
        ['ar-EG', 'ar'],
        ['ja-JP', 'ja'],
        ['fr-CA', 'fr'],
        ['es-419', 'es'],
        ['en-GB', 'en'],
        ['zh-CN', 'en'],
        ['not a tag!', 'en'],
        [null, 'en'],
      ];
      for (const [asked, shipped] of best) expect(matchUiLocale(asked), String(asked)).to.equal(shipped);
    });

    it('knows which locales are written right to left', () => {
      for (const tag of ['ar', 'ar-EG', 'he-IL']) expect(isRtlLocale(tag), tag).to.equal(true);
      for (const tag of ['de', 'pt-BR']) expect(isRtlLocale(tag), tag).to.equal(false);
    });
  });

  describe('translations', () => {
    const keys = Object.keys(en) as MessageKey[];
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    /** Button text that must stay inside the button's accessible name (WCAG 2.5.3 label in name). */
    const labelInName: [visible: MessageKey, name: MessageKey][] = [
      ['credits.export.button', 'credits.export.label'],
      ['invoices.download', 'invoices.download.label'],
      ['invoices.download', 'invoices.download.labelDated'],
      ['invoices.download.retry', 'invoices.download.retryLabel'],
    ];

    for (const locale of UI_LOCALES.filter((l) => l !== 'en')) {
      it(`${locale}: every key, the same placeholders, translated, label in name`, async () => {
        const messages: Messages = await loadMessages(locale);
        expect(Object.keys(messages).sort()).to.deep.equal([...keys].sort());
        for (const key of keys) {
          expect(placeholders(messages[key]), `${locale} ${key}`).to.deep.equal(placeholders(en[key]));
          expect(messages[key].trim(), `${locale} ${key}`).not.to.equal('');
        }
        // No phrase of three words or more reads the same as in English.
        const same = keys.filter((k) => messages[k] === en[k] && en[k].split(/\s+/).filter((w) => /[a-z]{2,}/i.test(w)).length >= 3);
        expect(same, `${locale}: untranslated`).to.deep.equal([]);
        for (const [visible, name] of labelInName) {
          const text = messages[visible];
          const label = messages[name];
          expect(label.toLowerCase(), `${locale}: "${label}" must contain "${text}"`).to.contain(text.toLowerCase());
        }
      });
    }
  });

  describe('<customer-portal> locale', () => {
    let stub: Stub;
    beforeEach(async () => {
      stub = await portalFetchStub({ customer: 'cus-typical' });
    });
    afterEach(() => stub.restore());

    async function mount(locale: string): Promise<CustomerPortal> {
      const el = await fixture<CustomerPortal>(
        html`<customer-portal api-base=${stub.apiBase} locale=${locale} timezone="UTC" .token=${stub.token}></customer-portal>`,
      );
      await waitUntil(() => deepQuery(overview(el), '[part~="subscriptions-card"] li'), 'overview never loaded', { timeout: 5000 });
      return el;
    }

    it('German: strings, numbers and dates follow the locale', async () => {
      const el = await mount('de');
      await waitUntil(() => tabLabels(el).join() === 'Übersicht,Guthaben,Rechnungen,Nutzung', 'German tab labels');
      await waitUntil(() => deepText(overview(el)).includes('Abonnements'));
      const text = deepText(overview(el));
      expect(text).to.contain('Prepaid-Wallet');
      expect(text).to.match(/\d+,\d+ Credits/); // decimal comma
      expect(text).to.match(/\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\. [A-Z][a-zä]+\.? \d{4}/); // German date
      expect(text).not.to.match(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d/);
      expect(base(el).getAttribute('lang')).to.equal('de');
      expect(base(el).hasAttribute('dir')).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('Japanese: strings and dates follow the locale', async () => {
      const el = await mount('ja-JP');
      await waitUntil(() => tabLabels(el).join() === '概要,クレジット,請求書,使用量', 'Japanese tab labels');
      await waitUntil(() => deepText(overview(el)).includes('サブスクリプション'));
      const text = deepText(overview(el));
      expect(text).to.contain('プリペイドウォレット');
      expect(text).to.match(/\d{4}\/\d{1,2}\/\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日/);
      expect(base(el).getAttribute('lang')).to.equal('ja-JP');
      await expect(el).to.be.accessible();
    });

    it('Arabic: right to left wrapper, Arabic strings, arrow keys mirrored', async () => {
      const el = await mount('ar-EG');
      await waitUntil(() => tabLabels(el)[0] === 'نظرة عامة', 'Arabic tab labels');
      expect(base(el).getAttribute('dir')).to.equal('rtl');
      expect(base(el).getAttribute('lang')).to.equal('ar-EG');
      expect(getComputedStyle(el.shadowRoot!.querySelector('[role="tablist"]')!).direction).to.equal('rtl');
      await waitUntil(() => deepText(overview(el)).includes('الاشتراكات'));
      const tabs = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="tab"]')];
      // Reading order runs right to left: the first tab is the rightmost.
      expect(tabs[0]!.getBoundingClientRect().left).to.be.greaterThan(tabs[1]!.getBoundingClientRect().left);
      tabs[0]!.focus();
      await sendKeys({ press: 'ArrowLeft' });
      await el.updateComplete;
      expect(el.tab).to.equal('credits');
      await expect(el).to.be.accessible();
    });

    it('English is shown while a language loads (never blank), and switching back needs no load', async () => {
      const el = await mount('en');
      el.locale = 'fr';
      await el.updateComplete;
      expect(tabLabels(el)).to.include('Overview');
      await waitUntil(() => tabLabels(el).includes('Aperçu'), 'French tab labels');
      el.locale = 'en-GB';
      await el.updateComplete;
      expect(tabLabels(el)).to.include('Overview');
      expect(base(el).getAttribute('lang')).to.equal('en-GB');
    });

    it('the messages property overrides any string, over a loaded language too', async () => {
      const el = await mount('de');
      await waitUntil(() => tabLabels(el).includes('Übersicht'));
      el.messages = { 'shell.tab.overview': 'Start', 'overview.subs.title': 'Ihre Pläne' };
      await waitUntil(() => tabLabels(el)[0] === 'Start', 'override of a tab label');
      await waitUntil(() => deepText(overview(el)).includes('Ihre Pläne'), 'override inside a tab');
      expect(tabLabels(el)).to.include('Rechnungen'); // the rest stays German
      el.messages = undefined;
      await waitUntil(() => tabLabels(el)[0] === 'Übersicht', 'override removed');
    });

    it('a host language without shipped strings keeps English text, formats in its locale, and can supply its own strings', async () => {
      const el = await mount('he-IL');
      expect(tabLabels(el)).to.include('Overview');
      expect(base(el).getAttribute('lang')).to.equal('en');
      expect(base(el).hasAttribute('dir')).to.equal(false);
      el.messages = { 'shell.tab.overview': 'סקירה' };
      await el.updateComplete;
      expect(base(el).getAttribute('lang')).to.equal('he-IL');
      expect(base(el).getAttribute('dir')).to.equal('rtl');
    });
  });
});
