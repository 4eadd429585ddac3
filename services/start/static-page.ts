// Serves the built page (dist/web) at /: a handful of small files, read
// once into memory at start, so a request never touches the disk. The page
// is built by `npm run build`; a checkout that skipped it gets it built here
// once (esbuild takes well under a second).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { HttpRequest, HttpResponse, RequestHandler } from '../../common/http/index.js';
import type { Logger } from '../../common/log/index.js';
import { buildWebPage, WEB_DIST_DIR } from '../web/build.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
}

export async function loadStaticPage(logger: Logger, directory: string = WEB_DIST_DIR): Promise<RequestHandler> {
  if (!existsSync(join(directory, 'index.html'))) {
    logger.info({ directory }, 'building the web page (npm run build does this ahead of time)');
    await buildWebPage(directory);
  }
  const files = new Map<string, StaticFile>();
  for (const name of await readdir(directory)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType !== undefined) files.set(`/${name}`, { body: await readFile(join(directory, name)), contentType });
  }
  const index = files.get('/index.html');
  if (index !== undefined) files.set('/', index);
  return (request, response) => serve(files, request, response);
}

function serve(files: ReadonlyMap<string, StaticFile>, request: HttpRequest, response: HttpResponse): void {
  const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
  const file = files.get(path);
  if (file === undefined) {
    send(response, 404, 'text/plain; charset=utf-8', Buffer.from('not found\n'), request.method === 'HEAD');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    send(response, 405, 'text/plain; charset=utf-8', Buffer.from('method not allowed\n'), false);
    return;
  }
  send(response, 200, file.contentType, file.body, request.method === 'HEAD');
}

function send(response: HttpResponse, status: number, contentType: string, body: Buffer, headOnly: boolean): void {
  // no-cache: the browser revalidates, so a rebuilt page shows at the next reload.
  response.writeHead(status, { 'content-type': contentType, 'content-length': body.length, 'cache-control': 'no-cache' });
  if (headOnly) response.end();
  else response.end(body);
}
