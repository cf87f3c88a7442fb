/**
 * What the Usage tab's sections share (no section imports another): the range
 * (preset, custom dates) and the invoice focus as panel view state (they
 * survive token changes), one range planner per panel, and one usage series
 * request per backend and query for the chart and the breakdown.
 */
import type { ReactiveControllerHost } from 'lit';
import { Task, initialState } from '@lit/task';
import type { PortalBackend } from '../api/backend.js';
import type { RangePreset, UsageSeries, UsageSeriesQuery } from '../api/model.js';
import type { PortalEnv } from '../env.js';
import type { UsageFocus } from '../events.js';
import { UsageRangePlanner } from '../usage/planner.js';
import { featureRows, focusRange, type FeatureRow, type UsageResult } from '../usage/rows.js';
import { resolveRange, type CustomDates, type ResolvedRange } from '../usage/ranges.js';
import { nextTask } from '../api/next-task.js';
import { rangeDates } from '../usage/buckets.js';
import { untilAborted } from './credits-wallets.js';
import { ViewStateController } from './view-state-controller.js';
import type { ViewState } from './view-state.js';

/** View-state keys of the Usage tab's sections. */
const PRESET = 'usage.preset';
const CUSTOM = 'usage.custom';
const DRAFT = 'usage.customDraft';
const FOCUS_METER = 'usage.focusMeter';
const FOCUS_NOTE = 'usage.focusNote';
/** The last `usageFocus` applied (each focus from an invoice applies once). */
const FOCUS_APPLIED = 'usage.focusApplied';
/** Bumped by a retry: the chart and breakdown ask again together (one request). */
const RUN = 'usage.run';

export const BASE_PRESETS: RangePreset[] = ['1d', '7d', '30d'];

/** The presets the Usage tab offers for `config`: 1d / 7d / 30d, the tenant's extras, and custom when allowed. */
export function usagePresets(config: PortalEnv['config']): RangePreset[] {
  const out = [...BASE_PRESETS];
  for (const p of config.usagePresets) if (p !== 'custom' && !out.includes(p)) out.push(p);
  if (config.allowCustomRange) out.push('custom');
  return out;
}

const planners = new WeakMap<ViewState, UsageRangePlanner>();

/** A usage section's handle on the range, the focus and the planner its panel shares. */
export class UsageView {
  private readonly states: ViewStateController;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.states = new ViewStateController(host);
  }

  get store(): ViewState {
    return this.states.store;
  }

  /** The panel's planner: the chart and the breakdown send (and wait for) the same query. */
  get planner(): UsageRangePlanner {
    let planner = planners.get(this.store);
    if (!planner) planners.set(this.store, (planner = new UsageRangePlanner()));
    return planner;
  }

  get run(): number {
    return this.store.get<number>(RUN) ?? 0;
  }
  /** Custom dates in use (valid). */
  get custom(): CustomDates | null {
    return this.store.get<CustomDates>(CUSTOM) ?? null;
  }
  /** Custom dates as typed. */
  get draft(): CustomDates | null {
    return this.store.get<CustomDates>(DRAFT) ?? null;
  }
  /** The meter of the feature in focus, until the user clears it. */
  get focusMeter(): string | null {
    return this.store.get<string>(FOCUS_METER) ?? null;
  }
  /** The focus' name and period, for the note saying what is shown. */
  get focusNote(): UsageFocus | null {
    return this.store.get<UsageFocus>(FOCUS_NOTE) ?? null;
  }

  /** The preset in effect: the user's pick, else the tenant's default when offered, else 7d. */
  preset(env: PortalEnv | undefined): RangePreset {
    const picked = this.store.get<RangePreset>(PRESET) ?? null;
    // An invoice's period is a custom range even where the tenant offers no custom picker.
    if (picked === 'custom' && this.focusNote && this.custom) return 'custom';
    const offered = env ? usagePresets(env.config) : BASE_PRESETS;
    if (picked && offered.includes(picked)) return picked;
    const def = env?.config.usageDefaultPreset;
    return def && offered.includes(def) && def !== 'custom' ? def : '7d';
  }

  private customOf(env: PortalEnv): CustomDates | null {
    return this.preset(env) === 'custom' ? this.custom : null;
  }

  /** Applies a new focus from an invoice (its period as dates in the display zone, its feature), then plans the range. */
  sync(env: PortalEnv | undefined, focus: UsageFocus | null): void {
    if (!env) return;
    if (focus && this.store.get(FOCUS_APPLIED) !== focus) {
      const range = focusRange(focus, env.timeZone);
      this.store.set(FOCUS_APPLIED, focus);
      this.store.set(CUSTOM, range);
      this.store.set(DRAFT, { ...range });
      this.store.set(PRESET, 'custom');
      this.store.set(FOCUS_METER, focus.meterId);
      this.store.set(FOCUS_NOTE, focus);
    }
    this.planner.update(env, this.preset(env), this.customOf(env));
  }

  pick(env: PortalEnv | undefined, preset: RangePreset): void {
    if (preset === 'custom' && !this.custom && env) {
      const { from, to } = rangeDates(resolveRange('7d', { now: env.now(), timeZone: env.timeZone }));
      this.store.set(CUSTOM, { start: from, end: to });
      this.store.set(DRAFT, { start: from, end: to });
    }
    this.store.set(PRESET, preset);
  }

  /** Custom dates as typed; in use once both are dates in order. */
  type(draft: CustomDates, valid: boolean): void {
    this.store.set(DRAFT, draft);
    if (valid) this.store.set(CUSTOM, draft);
  }

  clearFocus(): void {
    this.store.set(FOCUS_METER, null);
    this.store.set(FOCUS_NOTE, null);
  }

  /** A fresh query for the same range, asked by the chart and the breakdown together. */
  retry(env: PortalEnv | undefined): void {
    if (env) this.planner.refresh(env, this.preset(env), this.customOf(env));
    this.store.set(RUN, this.run + 1);
  }
}

interface SharedSeries {
  readonly key: string;
  readonly request: Promise<UsageSeries>;
  readonly controller: AbortController;
  takers: number;
  settled: boolean;
}
/**
 * The latest series request per backend: a new range asks anew, and so does a retry (a new run), while a
 * section that asks late for the same run and range takes the same answer, or the same failure.
 */
const latest = new WeakMap<PortalBackend, SharedSeries>();

/**
 * The usage series for `query`: one request shared by the sections asking for the same backend and query
 * (the chart and the breakdown) in the same run (`run`: bumped by a retry). It aborts only once every section
 * that took it gave up.
 */
export function usageSeriesShared(backend: PortalBackend, query: UsageSeriesQuery, run: number, signal: AbortSignal): Promise<UsageSeries> {
  const key = `${run}|${JSON.stringify(query)}`;
  let entry = latest.get(backend);
  if (!entry || entry.key !== key) {
    const controller = new AbortController();
    const request = backend.usageSeries(query, controller.signal);
    const created: SharedSeries = { key, request, controller, takers: 0, settled: false };
    const settle = () => (created.settled = true);
    request.then(settle, settle);
    latest.set(backend, (entry = created));
  }
  const taken = entry;
  taken.takers += 1;
  signal.addEventListener(
    'abort',
    () => {
      taken.takers -= 1;
      if (taken.takers > 0 || taken.settled) return;
      if (latest.get(backend) === taken) latest.delete(backend);
      taken.controller.abort(signal.reason);
    },
    { once: true },
  );
  return untilAborted(taken.request, signal);
}

/**
 * A usage section's series task: the panel's query for the run, asked a task after the render that asked for
 * it (a section's first render is task enough), then read `turns` tasks later (reading and checking 20
 * features' series, and rendering them, take a task each: neither a long task).
 */
export function createSeriesTask(
  host: ReactiveControllerHost & HTMLElement,
  backend: () => PortalBackend | null,
  view: UsageView,
  turns: number,
): Task<[PortalBackend | null, UsageSeriesQuery | null, number], UsageResult> {
  return new Task<[PortalBackend | null, UsageSeriesQuery | null, number], UsageResult>(host, {
    args: () => [backend(), view.planner.query, view.run],
    task: async ([current, query, run], { signal }) => {
      if (!current || !query) return initialState;
      await nextTask();
      signal.throwIfAborted();
      const series = await usageSeriesShared(current, query, run, signal);
      for (let i = 0; i < turns; i++) await nextTask();
      signal.throwIfAborted();
      return { query, series };
    },
  });
}

/** A section's feature rows, kept while the result, the range and the feature filter stay the same. */
export class FeatureRowsCache {
  private last: { result: UsageResult; range: ResolvedRange; filter: unknown; rows: FeatureRow[] } | null = null;

  rows(result: UsageResult, range: ResolvedRange, filter: PortalEnv['config']['featureFilter']): FeatureRow[] {
    const c = this.last;
    if (c && c.result === result && c.range === range && c.filter === filter) return c.rows;
    const rows = featureRows(result.series, range, filter);
    this.last = { result, range, filter, rows };
    return rows;
  }
}
