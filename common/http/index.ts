// Public API of the service HTTP server; see server.ts and readiness.ts.
export { Readiness, type ReadinessCheck, type ReadinessReport } from './readiness.js';
export {
  startHttpServer, type HttpRequest, type HttpResponse, type HttpServerOptions, type RequestHandler, type ServiceHttpServer,
} from './server.js';
