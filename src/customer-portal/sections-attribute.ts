/**
 * The host's `sections="wallet usage-limits"`: the public section names it
 * lists, in its order, each once. An unknown name warns once (per element and
 * name) and is skipped.
 */
import { PUBLIC_SECTIONS, type SectionName } from '../sections/registry.js';

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
