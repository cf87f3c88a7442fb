/**
 * The types of the UI strings, apart from the code that loads them: the
 * translations import these (and nothing that imports them back).
 */
import type { common } from './en/common.js';
import type { shell } from './en/shell.js';
import type { notes } from './en/notes.js';
import type { overview } from './en/overview.js';
import type { usageShared } from './en/usage-shared.js';
import type { credits } from './en/credits.js';
import type { invoices } from './en/invoices.js';
import type { usage } from './en/usage.js';
import type { outlook } from './en/outlook.js';
import type { usageChart } from './en/usage-chart.js';
import type { hosted } from './en/hosted.js';

/** Every English string (all areas). */
export type English = typeof common & typeof shell & typeof notes & typeof overview & typeof usageShared & typeof credits & typeof invoices & typeof usage & typeof outlook & typeof usageChart & typeof hosted;
export type MessageKey = keyof English;
export type Messages = Record<MessageKey, string>;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;
