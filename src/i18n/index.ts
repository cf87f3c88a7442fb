/**
 * UI strings. English is bundled; other locales load lazily (see
 * `loadMessages`). Keys are flat, prefixed by area; `{name}` placeholders are
 * filled from params.
 */
import { common } from './en/common.js';
import { shell } from './en/shell.js';
import { overview } from './en/overview.js';
import { credits } from './en/credits.js';
import { invoices } from './en/invoices.js';
import { usage } from './en/usage.js';

export const en = { ...common, ...shell, ...overview, ...credits, ...invoices, ...usage };

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translate function over `messages`, falling back to English for missing keys. */
export function createTranslate(messages: Partial<Messages> = {}): Translate {
  return (key, params) => interpolate(messages[key] ?? en[key], params);
}

/** Languages the portal ships UI strings for. English is bundled; the rest load lazily. */
export const UI_LOCALES = ['en', 'de', 'fr', 'es', 'ja', 'pt-BR', 'ar'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

/** Languages written right to left (primary language subtags). */
const RTL_LANGUAGES = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

/**
 * The shipped UI language that best fits a BCP 47 tag: an exact match, else
 * the same language (`de-AT` → `de`, `pt`/`pt-PT` → `pt-BR`, `ar-EG` → `ar`),
 * else English.
 */
export function matchUiLocale(locale: string | null | undefined): UiLocale {
  if (!locale) return 'en';
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
  const exact = UI_LOCALES.find((l) => l.toLowerCase() === canonical.toLowerCase());
  if (exact) return exact;
  const language = canonical.split('-')[0]!.toLowerCase();
  return UI_LOCALES.find((l) => l.split('-')[0]!.toLowerCase() === language) ?? 'en';
}

/** Whether text in `locale` is written right to left. */
export function isRtlLocale(locale: string | null | undefined): boolean {
  if (!locale) return false;
  return RTL_LANGUAGES.has(locale.split(/[-_]/)[0]!.toLowerCase());
}

type MessagesModule = { default: Messages };

/**
 * One dynamic import per language, each its own chunk (`de-<hash>.js` in the
 * CDN build), so no translation adds a byte to the first chunk.
 */
const loaders: Record<Exclude<UiLocale, 'en'>, () => Promise<MessagesModule>> = {
  de: () => import('./locales/de.js'),
  fr: () => import('./locales/fr.js'),
  es: () => import('./locales/es.js'),
  ja: () => import('./locales/ja.js'),
  'pt-BR': () => import('./locales/pt-BR.js'),
  ar: () => import('./locales/ar.js'),
};

const loaded = new Map<UiLocale, Promise<Messages>>();

/**
 * The UI strings for `locale` (best match, see `matchUiLocale`). English
 * resolves at once; other languages are imported on first use and cached. A
 * failed import rejects and is retried on the next call.
 */
export function loadMessages(locale: string | null | undefined): Promise<Messages> {
  const ui = matchUiLocale(locale);
  if (ui === 'en') return Promise.resolve(en);
  let pending = loaded.get(ui);
  if (!pending) {
    pending = loaders[ui]().then((module) => module.default);
    pending.catch(() => loaded.delete(ui));
    loaded.set(ui, pending);
  }
  return pending;
}
