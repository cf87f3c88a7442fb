/** The task of a section that needs the panel's backend alone (its first-paint request). */
import type { ReactiveControllerHost } from 'lit';
import { Task, initialState } from '@lit/task';
import type { PortalBackend } from '../api/backend.js';

/** Runs `load` for each new backend (nothing while there is none). */
export function backendTask<T>(
  host: ReactiveControllerHost & HTMLElement,
  backend: () => PortalBackend | null,
  load: (backend: PortalBackend, signal: AbortSignal) => Promise<T>,
): Task<[PortalBackend | null], T> {
  return new Task<[PortalBackend | null], T>(host, {
    args: () => [backend()],
    task: async ([current], { signal }) => (current ? load(current, signal) : initialState),
  });
}
