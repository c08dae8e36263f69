/**
 * The HTTP side of the local driver: `PUT /uploads/:id` stores a body under a signed upload
 * URL, `GET /uploads/:id` serves a file under a signed download URL. Registered by createApp
 * only when STORAGE_DRIVER=local. Answers mirror S3's: 403 for a bad or expired signature,
 * 404 for a missing object, 413 when the body passes the signed size.
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isObjectName, isUploadId } from './object-storage';
import { UploadSizeError, type LocalStorage } from './local-storage';

type Query = Record<string, string | undefined>;

function refuse(reply: FastifyReply, status: number, error: string) {
  return reply.code(status).header('cache-control', 'no-store').send({ error });
}

/**
 * A refusal of an upload whose body was not (completely) read: the connection closes after
 * the answer, instead of staying open with the rest of the body still on it.
 */
function refuseUpload(reply: FastifyReply, status: number, error: string) {
  return refuse(reply.header('connection', 'close'), status, error);
}

/** The media type without parameters, lower-cased (`image/png; charset=x` → `image/png`). */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

export async function registerLocalStorageRoutes(http: FastifyInstance, storage: LocalStorage): Promise<void> {
  await http.register(async (scope) => {
    // Bodies are streamed to disk by the handler, under the size the URL signs, not parsed
    // (and not held in memory) by Fastify under its JSON body limit.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    // Fastify's request log lines carry the URL, and these URLs are credentials until they
    // expire: only warnings and errors are logged here.
    scope.addHook('onRoute', (route) => {
      route.logLevel = 'warn';
    });

    scope.put<{ Params: { id: string }; Querystring: Query }>('/uploads/:id', async (request, reply) => {
      const { id } = request.params;
      if (!isUploadId(id)) return refuseUpload(reply, 404, 'not found');
      const verdict = storage.verifyUpload(id, request.query);
      if (!verdict.ok) return refuseUpload(reply, verdict.status, verdict.reason);
      const { contentType, byteSize } = verdict.grant;
      if (mediaType(request.headers['content-type']) !== contentType) return refuseUpload(reply, 403, 'content-type differs from the signed one');
      const declared = request.headers['content-length'];
      if (declared !== undefined && Number(declared) > byteSize) return refuseUpload(reply, 413, 'body larger than the signed size');
      if (declared !== undefined && Number(declared) !== byteSize) return refuseUpload(reply, 400, 'content-length differs from the signed size');
      try {
        await storage.write(id, request.raw, byteSize);
      } catch (error) {
        if (error instanceof UploadSizeError) return refuseUpload(reply, error.status, error.message);
        throw error;
      }
      return reply.code(200).header('cache-control', 'no-store').send();
    });

    scope.get<{ Params: { id: string }; Querystring: Query }>('/uploads/:id', async (request, reply) => {
      const { id } = request.params;
      if (!isObjectName(id)) return refuse(reply, 404, 'not found');
      const verdict = storage.verifyDownload(id, request.query);
      if (!verdict.ok) return refuse(reply, verdict.status, verdict.reason);
      const file = await storage.existing(id);
      if (!file) return refuse(reply, 404, 'not found');
      const { contentType, disposition, expiresAt } = verdict.grant;
      const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
      return reply
        .header('content-type', contentType)
        .header('content-length', String(file.size))
        .header('content-disposition', disposition)
        .header('cache-control', `private, max-age=${maxAge}`)
        .header('x-content-type-options', 'nosniff')
        // Never run as a page, even if a browser were tricked into rendering it.
        .header('content-security-policy', "default-src 'none'; sandbox")
        // Images are shown by the web app, which may live on another origin than the API.
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(createReadStream(file.path));
    });
  });
}
