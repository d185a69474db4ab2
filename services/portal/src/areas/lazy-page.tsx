import { lazy, type ComponentType } from 'react';
import { loadAdminWords, loadPortalWords } from '../i18n/area-words.ts';

/**
 * A page whose code arrives when it is first opened, together with the words it reads (the console's too for
 * `admin`), so the first page (the catalogue) carries neither. Until both are there the layout shows its spinner.
 */
export function lazyPage<K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
  { admin = false }: { admin?: boolean } = {},
) {
  return lazy<ComponentType>(async () => {
    const [module] = await Promise.all([load(), loadPortalWords(), admin ? loadAdminWords() : undefined]);
    return { default: module[name] };
  });
}
