/** Resolves in a new task (after the browser could paint and handle input): long work split at these stays under 50 ms a task. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
