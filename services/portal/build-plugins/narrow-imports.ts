import type { Plugin } from 'vite';

/**
 * Imports of a package's whole entry where one small module of it is used, pointed at that module (issue 20
 * item 6). Ant Design's form context, which every input reads and so the first page too, takes `FormProvider`
 * from `@rc-component/form`'s entry, whose `Form.Field = ...` assignments keep the whole form library and its
 * validator (about 40 KB minified) in any page with an input. `FormProvider` lives in the entry's `FormContext`
 * module, which imports React alone; the entry re-exports that same module, so pages with forms share it.
 */
const narrowed: { importer: RegExp; source: string; to: string }[] = [
  {
    importer: /[\\/]antd[\\/]es[\\/]form[\\/]context\.js$/,
    source: '@rc-component/form',
    to: '@rc-component/form/es/FormContext.js',
  },
];

export function narrowImports(): Plugin {
  return {
    name: 'voucher:narrow-imports',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const rule = narrowed.find((r) => r.source === source && importer && r.importer.test(importer));
      return rule ? this.resolve(rule.to, importer, { ...options, skipSelf: true }) : null;
    },
  };
}
