/** Safe media serving shared by the Electron protocol handler and the dev host. */
export { serveMedia, toWebResponse, type MediaRequest, type MediaResponse } from './media-response';
export { resolveMediaPath, checkRequestedPath, type MediaPathResult } from './resolve-media-path';
export { mediaTypeOf } from './media-types';
export { resolveStatic, type StaticResult } from './static-files';
