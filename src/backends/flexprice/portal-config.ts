/**
 * The `customer_portal_config` setting → `PortalConfig`: which sections show,
 * the usage graph's presets and feature filter, and the theme. Lenient by
 * design (a malformed entry keeps its default); colours and fonts are kept
 * only when CSS accepts them. Part of the lazily loaded Flexprice mappings
 * (mapping.ts hands `mapConfig` to the backend).
 */
import { defaultPortalConfig } from '../../api/defaults.js';
import type { PortalConfig, RangePreset, SectionId } from '../../api/model.js';
import { asObject, isObject, mapped } from '../../api/validate.js';

const SECTION_IDS: readonly SectionId[] = ['overview', 'credits', 'invoices', 'usage'];

const PRESETS: Record<string, RangePreset> = {
  today: 'today',
  last_7_days: '7d',
  last_30_days: '30d',
  current_month: 'current_month',
  last_month: 'last_month',
};

function cssSupports(property: string, value: string): boolean {
  if (typeof CSS !== 'undefined' && typeof CSS.supports === 'function') return CSS.supports(property, value);
  return false;
}

function safeColor(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v === '' || v.length > 100) return undefined;
  return cssSupports('color', v) ? v : undefined;
}

function safeFont(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v === '' || v.length > 200 || /[;{}<>\\]/.test(v)) return undefined;
  return cssSupports('font-family', v) ? v : undefined;
}

/**
 * Maps the `customer_portal_config` setting. Lenient by design: a malformed
 * entry is ignored (its default applies) rather than failing the whole
 * config, since the element works fine on defaults.
 */
export function mapConfig(raw: unknown): PortalConfig {
  return mapped('config', () => mapConfigFields(raw));
}

function mapConfigFields(raw: unknown): PortalConfig {
  const config = defaultPortalConfig();
  const setting = asObject(raw, 'config');
  const value = setting.value;
  if (!isObject(value)) return config;

  const sections = Array.isArray(value.sections) ? value.sections.filter(isObject) : [];
  for (const section of sections) {
    const id = section.id;
    if (typeof id === 'string' && (SECTION_IDS as readonly string[]).includes(id) && typeof section.enabled === 'boolean') {
      config.sections[id as SectionId] = section.enabled;
    }
  }

  const usage = sections.find((s) => s.id === 'usage');
  if (usage && usage.enabled !== false && Array.isArray(usage.tabs)) {
    const tab = usage.tabs.filter(isObject).find((t) => t.type === 'usage_graph' && t.enabled !== false);
    const graph = tab && isObject(tab.usage_graph) ? tab.usage_graph : null;
    if (graph) {
      const presets: RangePreset[] = [];
      for (const p of Array.isArray(graph.date_presets) ? graph.date_presets : []) {
        const preset = typeof p === 'string' && Object.hasOwn(PRESETS, p) ? PRESETS[p] : undefined;
        if (preset && !presets.includes(preset)) presets.push(preset);
      }
      config.usagePresets = presets;
      const def = graph.default_preset;
      config.usageDefaultPreset = typeof def === 'string' && Object.hasOwn(PRESETS, def) ? (PRESETS[def] ?? null) : null;
      config.allowCustomRange = graph.allow_custom_date_range === true;
      const ids = Array.isArray(graph.feature_ids) ? graph.feature_ids.filter((id): id is string => typeof id === 'string' && id !== '') : [];
      // The built-in default says "inc" with no ids: an empty list filters nothing.
      if (ids.length > 0 && (graph.feature_filter_mode === 'inc' || graph.feature_filter_mode === 'exc')) {
        config.featureFilter = { mode: graph.feature_filter_mode === 'inc' ? 'include' : 'exclude', featureIds: [...new Set(ids)] };
      }
    }
  }

  if (isObject(value.theme)) {
    const t = value.theme;
    const theme: PortalConfig['theme'] = {};
    const primary = safeColor(t.primary_color);
    const secondary = safeColor(t.secondary_color);
    const tertiary = safeColor(t.tertiary_color);
    const background = safeColor(t.background_color);
    const fontFamily = safeFont(t.font_family);
    if (primary) theme.primary = primary;
    if (secondary) theme.secondary = secondary;
    if (tertiary) theme.tertiary = tertiary;
    if (background) theme.background = background;
    if (fontFamily) theme.fontFamily = fontFamily;
    config.theme = theme;
  }
  return config;
}
