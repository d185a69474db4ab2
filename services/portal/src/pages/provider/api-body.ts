import type { paths } from '../../api/schema';

/** The JSON body a gateway route takes, as the generated OpenAPI types declare it. */
export type ApiBody<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
