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
