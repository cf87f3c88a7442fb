/**
 * The host's `sections="wallet usage-limits"`: the public section names it
 * lists, in its order, each once. An unknown name warns once (per element and
 * name) and is skipped.
 */
import type { PortalConfig } from '../api/model.js';
import { PUBLIC_SECTIONS, SECTIONS, type SectionName } from '../sections/registry.js';

export function parseSections(value: string | null | undefined, warned: Set<string>): SectionName[] | null {
  const words = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : [];
  if (words.length === 0) return null;
  const names: SectionName[] = [];
  for (const word of words) {
    const name = PUBLIC_SECTIONS.find((known) => known === word);
    if (name) {
      if (!names.includes(name)) names.push(name);
    } else if (!warned.has(word)) {
      warned.add(word);
      console.warn(`<customer-portal>: unknown section "${word}" skipped (known: ${PUBLIC_SECTIONS.join(', ')}).`);
    }
  }
  return names;
}

/** The host's `sections`, less those `/config` turns off (`enabled`); null: none listed, so the tabs show. */
export function aloneSections(value: string | null | undefined, warned: Set<string>, enabled: PortalConfig['sections']): SectionName[] | null {
  const names = parseSections(value, warned);
  return names && names.filter((name) => enabled[SECTIONS[name].tab] !== false);
}
