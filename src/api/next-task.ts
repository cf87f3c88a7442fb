/**
 * Resolves in a new task (after the browser could paint and handle input): long work split at these
 * stays under 50 ms a task.
 *
 * A message on a private channel, not `setTimeout(0)`: timers are clamped to 4 ms when nested and
 * throttled to one a second in hidden tabs, which would hold a portal started in a background tab
 * (or a test page that is not in front) for seconds. Off the main thread of a page (SSR in Node,
 * where an open port would keep the process alive), a timer.
 */
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof window === 'undefined' || typeof MessageChannel !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
