import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Bus } from '@voucher/bus';
import {
  AppError,
  filePurposes,
  filePurposeSchema,
  fileRules,
  fileViewSchema,
  idSchema,
  type Caller,
  type FileType,
} from '@voucher/contracts';
import type { BlobStorage } from '@voucher/storage';
import { isPublished, mayDescribe, mayRead } from '../files/access.ts';
import { contentDisposition } from '../files/names.ts';
import { LARGEST_FILE_BYTES } from '../files/rules.ts';
import type { UploadQuota } from '../files/quota.ts';
import { receiveUpload, FILE_FIELD, PURPOSE_FIELD } from '../files/upload.ts';
import { errorEnvelopeSchema } from '../http/errors.ts';
import { authenticateRequest, guardedBy, type GuardDeps } from '../http/guard.ts';
import { toFileView, type FileRow, type FileStore } from '../store/files.ts';

export interface FileRouteDeps extends GuardDeps {
  bus: Bus;
  storage: BlobStorage;
  files: FileStore;
  quota: UploadQuota;
}

const errors = { '4xx': errorEnvelopeSchema, '5xx': errorEnvelopeSchema } as const;
const binary = z.string().meta({ format: 'binary' });

const uploadersOf = (p: (typeof filePurposes)[number]) => {
  const { uploaders, menu } = fileRules[p];
  return `${uploaders.join(', ')}${menu ? ` (staff: \`${menu}\` menu)` : ''}`;
};

const limitsTable = filePurposes
  .map(
    (p) =>
      `| ${p} | ${uploadersOf(p)} | ${fileRules[p].types.join(', ')} | ${fileRules[p].maxBytes / 1024 / 1024} MB | ${fileRules[p].publishable ? `anyone once a published record cites it; before, as ${fileRules[p].owner} allows` : `owner, admin, or as ${fileRules[p].owner} allows`} |`,
  )
  .join('\n');

const uploadQuerySchema = z.object({
  [PURPOSE_FIELD]: filePurposeSchema.optional().describe('the purpose; or send it as the first form field'),
});

/** Only for the OpenAPI document: the body is streamed by the handler, never validated as a whole. */
const uploadFormSchema = z.object({
  [PURPOSE_FIELD]: filePurposeSchema
    .optional()
    .describe('required unless in the query; must come before the file part'),
  [FILE_FIELD]: binary.describe('the bytes; the name is kept for downloads, the type is judged by content'),
});

const uploadReplySchema = fileViewSchema.pick({
  fileId: true,
  sha256: true,
  size: true,
  contentType: true,
  purpose: true,
  type: true,
});

const fileParams = z.object({ fileId: idSchema });

/** The streamed body is left alone; params and query keep the zod validation of every route. */
const multipartBodyValidator: FastifySchemaCompiler<any> = (route) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route);

const notFound = () => new AppError('NOT_FOUND', 'no such file');

/** Images and PDFs open in the browser; archives and office files download. */
const shownInline: ReadonlySet<FileType> = new Set(['jpg', 'png', 'gif', 'bmp', 'pdf']);

const etagOf = (row: FileRow) => `"${row.sha256}"`;

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/**
 * API.md § Files. Hand-written, not route-table rows: an upload streams into
 * storage and a download streams out of it, neither fits one bus command. They
 * still share the table's sign-in, user limit, error envelope, request id and
 * OpenAPI document. Registered in their own scope so that only they accept
 * multipart bodies.
 */
export function fileRoutes(deps: FileRouteDeps): FastifyPluginAsync {
  return async (app) => {
    await app.register(multipart, {
      // the parser's ceiling is the largest purpose limit; each purpose's own is enforced while storing.
      // +1 so that the per-purpose check, not the parser's silent truncation, is what trips first
      limits: { fileSize: LARGEST_FILE_BYTES + 1, files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 20 },
    });
    const typed = app.withTypeProvider<ZodTypeProvider>();

    typed.post(
      '/files',
      {
        schema: {
          tags: ['files'],
          summary: 'Upload a file (QUA-7): type judged by content, limit per purpose',
          description: [
            'Roles: per purpose, the roles whose flows attach it (table below; admin too where a platform role',
            'may); anyone else gets 403 `FORBIDDEN` before the file is read.',
            '',
            '`multipart/form-data` with one part `file`. The purpose comes as `?purpose=` or as a form field',
            '`purpose` sent **before** the file part (a purpose after the file is refused with 400: the limit',
            "and the types must be known before the bytes are stored). The name's extension is never trusted:",
            "413 `FILE_TOO_LARGE` over the purpose's limit (details `{ purpose, maxBytes }`), 415",
            '`FILE_TYPE_NOT_ALLOWED` when the content is not one of its types (details `{ purpose, detected,',
            'allowed }`), 409 `UPLOAD_QUOTA_REACHED` past the per-user quota of files or bytes (details `{ quota,',
            'limit, used }`; unattached uploads are removed after a day). A refused upload leaves nothing stored.',
            '',
            '| purpose | uploaded by | types | limit | downloads |',
            '| --- | --- | --- | --- | --- |',
            limitsTable,
          ].join('\n'),
          security: [{ bearerAuth: [] }],
          consumes: ['multipart/form-data'],
          querystring: uploadQuerySchema,
          body: uploadFormSchema,
          response: { 201: uploadReplySchema, ...errors },
        },
        validatorCompiler: multipartBodyValidator,
        // before the body is read: a stranger's upload is refused without reading it
        ...guardedBy(deps, 'POST /files'),
      },
      async (request, reply) => {
        try {
          const row = await receiveUpload(request, request.caller as Caller, request.query.purpose, deps);
          const view = toFileView(row);
          return reply.code(201).send(uploadReplySchema.parse(view));
        } catch (err) {
          // the client may still be sending the rest: answer, then close (as Fastify does for oversized bodies)
          if (!request.raw.complete) reply.header('connection', 'close');
          throw err;
        }
      },
    );

    async function serve(request: FastifyRequest, reply: FastifyReply, fileId: string, head: boolean) {
      const row = await deps.files.find(fileId);
      const published = row !== undefined && (await isPublished(row, deps.bus, request.id, request.log));
      if (!row || !published) {
        // not published (or absent): a token is needed before anything is said (401 for both, so nothing leaks)
        const caller = await authenticateRequest(request, deps);
        if (!row || !(await mayRead(row, caller, deps.bus, request.id, request.log))) throw notFound();
      }
      const etag = etagOf(row);
      reply
        .header('etag', etag)
        // a delisted product's picture stops being public: shared caches keep it a few minutes at most
        .header('cache-control', published ? 'public, max-age=300' : 'private, no-cache')
        .header('x-content-type-options', 'nosniff');
      if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
      reply
        .header('content-type', row.content_type)
        .header('content-length', String(row.size))
        .header(
          'content-disposition',
          contentDisposition(row.original_name, shownInline.has(row.type as FileType) ? 'inline' : 'attachment'),
        );
      if (head) return reply.send();
      const stream = await deps.storage.get(row.storage_key);
      // the row is written only after its blob: a missing blob is the platform's fault, not the client's
      if (!stream) throw new Error(`the blob of file ${row.id} is missing`);
      return reply.send(stream);
    }

    typed.get(
      '/files/:fileId',
      {
        exposeHeadRoute: false,
        schema: {
          tags: ['files'],
          summary: 'Download a file (QUA-7)',
          description: [
            'Roles: public (no token) for a picture of a listed product or an attachment of a published notice',
            '(purposes product_image, announcement_attachment, once the owning service says a published record',
            'cites it); otherwise any signed-in role that is the owner, an admin, or allowed by the owning service',
            '(`svc.<owner>.fileAccess`, e.g. a reviewer). Anyone else gets 404, as for an unknown id; no token',
            'for a file that is not published (or unknown) gets 401. Headers: Content-Type of the detected type,',
            'Content-Length, ETag (the quoted SHA-256; If-None-Match answers 304), Content-Disposition with the',
            'original name (RFC 5987 `filename*`).',
          ].join('\n'),
          security: [{ bearerAuth: [] }, {}],
          params: fileParams,
          response: {
            200: { description: 'The bytes', content: { 'application/octet-stream': { schema: binary } } },
            304: z.null().describe('Not modified (If-None-Match matched the ETag)'),
            ...errors,
          },
        },
      },
      (request, reply) => serve(request, reply, request.params.fileId, false),
    );
    typed.head('/files/:fileId', { schema: { hide: true, params: fileParams } }, (request, reply) =>
      serve(request, reply, request.params.fileId, true),
    );

    typed.get(
      '/files/:fileId/meta',
      {
        schema: {
          tags: ['files'],
          summary: "A file's metadata: owner, purpose, type, size, SHA-256, original name",
          description: 'Roles: any signed-in role; the owner and admins see it, anyone else gets 404.',
          security: [{ bearerAuth: [] }],
          params: fileParams,
          response: { 200: fileViewSchema, ...errors },
        },
        ...guardedBy(deps, 'GET /files/:fileId/meta'),
      },
      async (request) => {
        const row = await deps.files.find(request.params.fileId);
        if (!row || !mayDescribe(row, request.caller as Caller)) throw notFound();
        return toFileView(row);
      },
    );
  };
}
