import type { paths } from '../../api/schema';

type Method = 'get' | 'post' | 'put';

/** The JSON body a gateway route takes, from the generated OpenAPI types. */
export type RequestBody<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The JSON a gateway route answers with on success, from the generated OpenAPI types. */
export type Reply<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer R } } };
}
  ? R
  : paths[P][M] extends { responses: { 201: { content: { 'application/json': infer R } } } }
    ? R
    : never;
