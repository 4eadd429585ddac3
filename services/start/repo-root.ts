// The repository's root folder, from the sources (services/...) and from
// the compiled output (dist/services/...) alike, for files that are not
// compiled: the page's sources and node_modules/.cache.
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('../../', import.meta.url));

export const REPO_ROOT = here.endsWith('/dist/') ? here.slice(0, -'dist/'.length) : here;
