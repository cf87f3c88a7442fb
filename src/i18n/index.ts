/**
 * UI strings. Keys are flat, prefixed by area; `{name}` placeholders are
 * filled from params.
 *
 * English comes in two parts so the CDN first chunk carries only what the
 * first screen needs: the core (common, shell, and the usage chart's strings
 * the Overview shows) is bundled here; the Overview's strings travel with its
 * lazily loaded view (overview-view.ts), the Credits, Invoices and Usage
 * strings with their lazily loaded tab module; each hands them to
 * `registerEnglish` when it loads. Other languages load lazily and complete
 * (see `loadMessages`). `en` (every English string) is for types, tests and
 * npm users; nothing in the first chunk reads it, so bundlers drop it there.
 */
import { loadOnce, type OnceLoader } from '../api/load-once.js';
import { common } from './en/common.js';
import { shell } from './en/shell.js';
import { notes } from './en/notes.js';
import { overview } from './en/overview.js';
import { usageShared } from './en/usage-shared.js';
import { credits } from './en/credits.js';
import { invoices } from './en/invoices.js';
import { usage } from './en/usage.js';
import { outlook } from './en/outlook.js';
import { usageChart } from './en/usage-chart.js';
import { hosted } from './en/hosted.js';

import type { English, Messages, Translate } from './messages.js';

export type { MessageKey, Messages, Translate } from './messages.js';

/** Every English string (all areas). */
// (A pure call, not a spread: bundlers may then drop it, and the areas' strings with it, where it is unused.)
export const en = /* @__PURE__ */ Object.assign({}, common, shell, notes, overview, usageShared, credits, invoices, usage, outlook, usageChart, hosted) as English;

/**
 * The English strings loaded so far: the core at once, each lazily loaded area
 * once its module ran `registerEnglish`. Translators read it at call time, so a
 * tab's strings are there by the time the tab renders.
 */
const english: Partial<Messages> = { ...common, ...shell, ...notes, ...usageShared };

/** Adds an area's English strings (called by a lazily loaded module at import; idempotent). */
export function registerEnglish(area: Partial<Messages>): void {
  Object.assign(english, area);
}

/** The English strings registered so far (the root's base while English is the UI language). */
export function englishMessages(): Partial<Messages> {
  return english;
}

export function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * A translate function over `messages`, falling back to the registered English
 * for missing keys (and to the key itself if its area never loaded, never blank).
 */
export function createTranslate(messages: Partial<Messages> = {}): Translate {
  return (key, params) => interpolate(messages[key] ?? english[key] ?? key, params);
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

const loaded = new Map<UiLocale, OnceLoader<Messages>>();

/**
 * A shipped translation, imported on first use and cached; a failed import
 * rejects and is retried on the next call. (The root uses this directly:
 * English is already on screen, so it never needs `en`'s every string.)
 */
export function loadTranslation(ui: Exclude<UiLocale, 'en'>): Promise<Messages> {
  let load = loaded.get(ui);
  if (!load) {
    load = loadOnce(() => loaders[ui]().then((module) => module.default));
    loaded.set(ui, load);
  }
  return load();
}

/**
 * The UI strings for `locale` (best match, see `matchUiLocale`): every English
 * string at once, or the shipped translation (see `loadTranslation`).
 */
export function loadMessages(locale: string | null | undefined): Promise<Messages> {
  const ui = matchUiLocale(locale);
  return ui === 'en' ? Promise.resolve(en) : loadTranslation(ui);
}
