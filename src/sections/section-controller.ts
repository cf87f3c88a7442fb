/**
 * What every section does with its data: render each task through
 * `Task.render` and the shared state views (loading, error with retry), report
 * its first data once (`cp-section-ready`) and each failure once
 * (`cp-section-error`, which the panel turns into `portal-error`). Back online,
 * the root's `retryNetworkFailures` runs the retry of every error state.
 */
import type { nothing, ReactiveController, TemplateResult } from 'lit';
import { TaskStatus, type Task } from '@lit/task';
import { ApiError, isAbortError } from '../api/errors.js';
import { SectionErrorEvent, SectionReadyEvent, type PortalTab } from '../events.js';
import type { Translate } from '../i18n/index.js';
import { renderError, renderLoading } from '../ui/states.js';

/** The element a controller serves: a section (see SectionElement). */
export interface SectionHost extends HTMLElement {
  addController(controller: ReactiveController): void;
  requestUpdate(): void;
  readonly t: Translate;
}

/** What the controller reads of a task, whatever its arguments and value. */
interface TaskLike {
  readonly status: TaskStatus;
  readonly error: unknown;
  run(): Promise<void>;
}

export interface RenderOptions {
  /** Skeleton lines while loading. */
  lines?: number;
  /** The retry of the error state (default: run the task again). */
  retry?: () => void;
  /** What the loading state says to screen readers (default: "Loading…"). */
  label?: string;
  /** The error state's title (default: the error's own). */
  title?: string;
}

/** Failures already reported by a section sharing its request with others (one failure, one `portal-error`). */
const sharedReports = new WeakSet<object>();

export class SectionController implements ReactiveController {
  /** Reported settled (with or without data), and reported with data. */
  private readyFired = false;
  private dataReported = false;
  private readonly reported = new WeakSet<object>();

  /**
   * @param tab the tab the section belongs to (its `portal-error` section)
   * @param firstPaint the tasks whose first answer (or failure) the section's readiness waits for
   * @param sharedRequest its tasks take a request other sections take too (the Usage tab's series): a failure
   *   they all see is reported once, by whichever section sees it first
   */
  constructor(
    private readonly host: SectionHost,
    private readonly tab: PortalTab,
    private readonly firstPaint: () => readonly TaskLike[],
    private readonly sharedRequest = false,
  ) {
    host.addController(this);
  }

  /** Whether the section reported its first data. */
  get ready(): boolean {
    return this.readyFired;
  }

  hostUpdated(): void {
    const tasks = this.firstPaint();
    for (const task of tasks) this.reportFailure(task);
    if (this.dataReported) return;
    const settled = tasks.every((task) => task.status === TaskStatus.COMPLETE || task.status === TaskStatus.ERROR);
    const ok = tasks.some((task) => task.status === TaskStatus.COMPLETE);
    // Settled once (a failed section is settled too: the panel counts it), and once more when a retry brings data
    // (`portal-ready` waits for a section with data).
    if (!settled || (this.readyFired && !ok)) return;
    this.readyFired = true;
    this.dataReported = ok;
    this.host.dispatchEvent(new SectionReadyEvent(this.tab, ok));
  }

  /** Reports a failure of `task` once (aborts and 401s are the session's: never reported). */
  reportFailure(task: TaskLike): void {
    if (task.status !== TaskStatus.ERROR) return;
    const error: unknown = task.error;
    const key = typeof error === 'object' && error !== null ? error : task;
    const reported = this.sharedRequest && key === error ? sharedReports : this.reported;
    if (reported.has(key)) return;
    reported.add(key);
    if (isAbortError(error) || (error instanceof ApiError && error.unauthorized)) return;
    this.host.dispatchEvent(new SectionErrorEvent(this.tab, error));
  }

  /** The shared loading state. */
  loading(lines?: number, label?: string): TemplateResult {
    return renderLoading(this.host.t, label, lines);
  }

  /**
   * The task's state: loading until its first value (and while a new run has none yet), the error
   * with a retry, else `complete` of the value (kept on screen while a new run for new arguments loads).
   */
  render<A extends readonly unknown[], T>(task: Task<A, T>, complete: (value: T) => TemplateResult | typeof nothing, options: RenderOptions = {}): unknown {
    const t = this.host.t;
    const loading = (): TemplateResult => renderLoading(t, options.label, options.lines);
    return task.render({
      initial: loading,
      pending: () => (task.value === undefined ? loading() : complete(task.value)),
      complete: (value) => complete(value),
      error: (error) => renderError(error, t, options.retry ?? (() => void task.run()), options.title),
    });
  }
}

/** `aria-busy` of a card while its task loads. */
export const busy = (task: { status: TaskStatus }): 'true' | 'false' => (task.status === TaskStatus.PENDING ? 'true' : 'false');
