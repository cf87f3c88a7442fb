import type { ReactiveControllerHost } from 'lit';
import { createTranslate, englishMessages, loadTranslation, matchUiLocale, type Messages, type Translate, type UiLocale } from '../i18n/index.js';

/** What the locale controller reads from its host element. */
export interface LocaleHost extends ReactiveControllerHost, HTMLElement {
  /** The host's `locale` property (null: the document's `lang`, else the browser's). */
  readonly locale: string | null;
  /** The host's `messages` overrides. */
  readonly messages: Partial<Messages> | undefined;
}

/**
 * The element's language: the effective locale (the `locale` property, else
 * the nearest `lang`, else the document's, else the browser's), the UI
 * strings for it (English until the locale's lazily imported messages
 * arrive; a failed import keeps English), and `t` with the host's overrides
 * on top. A newer request wins over a slower, older import.
 */
export class LocaleController {
  /** The UI strings on screen. */
  private ui: { ui: UiLocale; messages: Partial<Messages> } = { ui: 'en', messages: englishMessages() };
  /** The UI language last asked for. */
  private requested: UiLocale = 'en';
  private translator: Translate = createTranslate();
  private translateFor: { base: Partial<Messages>; overrides: Partial<Messages> | undefined } | null = null;

  constructor(private readonly host: LocaleHost) {}

  /** The locale's strings, with the host's `messages` overrides on top (English fills any gap). Stable while nothing changed. */
  get t(): Translate {
    const base = this.ui.messages;
    const overrides = this.host.messages;
    if (!this.translateFor || this.translateFor.base !== base || this.translateFor.overrides !== overrides) {
      this.translateFor = { base, overrides };
      this.translator = createTranslate(overrides ? { ...base, ...overrides } : base);
    }
    return this.translator;
  }

  /** BCP 47 locale for Intl. */
  get locale(): string {
    const host = this.host;
    const candidates = [host.locale, host.closest('[lang]')?.getAttribute('lang'), document.documentElement.lang, navigator.language];
    for (const candidate of candidates) {
      if (!candidate) continue;
      try {
        const [canonical] = Intl.getCanonicalLocales(candidate);
        if (canonical) return canonical;
      } catch {
        // not a BCP 47 tag: try the next source
      }
    }
    return 'en';
  }

  /** `lang` of the rendered text: the effective locale when its strings (or the host's) are shown, else English. */
  get textLang(): string {
    const locale = this.locale;
    const ui = this.ui.ui;
    const language = (tag: string) => tag.split('-')[0]!.toLowerCase();
    if (this.host.messages || language(locale) === language(ui)) return locale;
    return ui;
  }

  /** Loads the UI language of the effective locale when it changed (the host calls it before it publishes `t`). */
  sync(): void {
    const ui = matchUiLocale(this.locale);
    if (ui === this.requested) return;
    this.requested = ui;
    if (ui === 'en') {
      this.show({ ui, messages: englishMessages() });
      return;
    }
    if (this.ui.ui !== 'en') this.show({ ui: 'en', messages: englishMessages() });
    loadTranslation(ui).then(
      (messages) => {
        if (this.requested === ui) this.show({ ui, messages });
      },
      (error: unknown) => {
        if (this.requested !== ui) return;
        this.requested = 'en';
        console.warn(`<customer-portal>: the "${ui}" messages could not be loaded; showing English.`, error);
      },
    );
  }

  private show(next: { ui: UiLocale; messages: Partial<Messages> }): void {
    this.ui = next;
    this.host.requestUpdate();
  }
}
