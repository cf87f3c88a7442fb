// "Is this module the script node was asked to run?" Compared as real file
// paths, so a checkout under a path with a space, a non-ASCII character or a
// symlink still runs its scripts (a string comparison with `file://` + argv[1]
// silently skipped main() there and exited 0).
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** True when `moduleUrl` (pass `import.meta.url`) is the entry script `argv1`. */
export function isMain(moduleUrl, argv1 = process.argv[1]) {
  if (!argv1) return false;
  try {
    return realpathSync(fileURLToPath(moduleUrl)) === realpathSync(argv1);
  } catch {
    return false;
  }
}
