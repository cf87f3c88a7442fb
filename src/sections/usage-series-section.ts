/**
 * Base of the Usage tab's sections drawn from the panel's usage series (the
 * chart and the breakdown): the range and focus they follow, the one request
 * they share, their readiness and retry, the rows they read from it, and
 * their card (busy while the series loads).
 */
import { html, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { UsageFocus } from '../events.js';
import type { UsageResult } from '../usage/rows.js';
import { resultFits } from '../usage/rows.js';
import { busy, SectionController } from './section-controller.js';
import { SectionElement } from './section-element.js';
import { createSeriesTask, FeatureRowsCache, UsageView } from './usage-view.js';

export abstract class UsageSeriesSection extends SectionElement {
  /** Where an invoice's line item asked the Usage tab to look; set by the panel. */
  @property({ attribute: false }) usageFocus: UsageFocus | null = null;

  protected readonly view = new UsageView(this);
  protected readonly rowsCache = new FeatureRowsCache();
  protected readonly seriesTask: ReturnType<typeof createSeriesTask>;
  protected readonly section: SectionController;

  /** `readTurns`: how many tasks after the answer this section reads it (the chart first, the breakdown a task later). */
  constructor(readTurns: number) {
    super();
    this.seriesTask = createSeriesTask(this, () => this.backend, this.view, readTurns);
    this.section = new SectionController(this, 'usage', () => [this.seriesTask], true);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.view.sync(this.env, this.usageFocus);
  }

  protected readonly retry = (): void => this.view.retry(this.env);

  /** The series result for the range in effect (null while it loads, or when it failed). */
  protected get result(): UsageResult | null {
    const value = this.seriesTask.value;
    return resultFits(value, this.view.planner.query) ? (value ?? null) : null;
  }

  /** The section's card: `part` and the title's `titleId` as given, the title with `aside` at the head's other end, then `body`. */
  protected renderCard(part: string, titleId: string, title: string, aside: unknown, body: TemplateResult): TemplateResult {
    return html`<section class="card" part=${part} aria-labelledby=${titleId} aria-busy=${busy(this.seriesTask)}>
      <div class="card-head">
        <h2 id=${titleId}>${title}</h2>
        ${aside}
      </div>
      ${body}
    </section>`;
  }
}
