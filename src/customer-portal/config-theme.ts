/**
 * The tenant's `/config` colours and font, as fallbacks under the host's public
 * properties (see customer-portal.styles.ts). A lazily imported module: the
 * root starts importing it with the `/config` request and applies the theme
 * when both are there.
 */
import type { PortalConfig } from '../api/model.js';

/** Sets (or clears) the `--_cfg-*` properties on `root` through CSSOM (allowed under a strict CSP). */
export function applyConfigTheme(root: HTMLElement, theme: PortalConfig['theme']): void {
  const set = (name: string, value: string | undefined, property = 'color') => {
    if (value && CSS.supports(property, value)) root.style.setProperty(name, value);
    else root.style.removeProperty(name);
  };
  set('--_cfg-primary', theme.primary);
  set('--_cfg-secondary', theme.secondary);
  set('--_cfg-tertiary', theme.tertiary);
  set('--_cfg-background', theme.background);
  set('--_cfg-on-primary', theme.primary && CSS.supports('color', theme.primary) ? readableOn(root, theme.primary) : undefined);
  set('--_cfg-font-family', theme.fontFamily, 'font-family');
}

/** Black or white, whichever reads better on `color` (computed by the browser, so any CSS colour works). */
function readableOn(probeParent: HTMLElement, color: string): string {
  const probe = document.createElement('span');
  probe.style.setProperty('color', color);
  probe.hidden = true;
  probeParent.append(probe);
  const rgb = getComputedStyle(probe).color.match(/[\d.]+/g)?.slice(0, 3).map(Number) ?? [0, 0, 0];
  probe.remove();
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.179 ? '#111111' : '#ffffff';
}
